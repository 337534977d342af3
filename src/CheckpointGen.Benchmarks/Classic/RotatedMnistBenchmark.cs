using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Benchmarks.Scenarios;

namespace CheckpointGen.Benchmarks.Classic;

/// <summary>A RotatedMNIST benchmark and the angle of each experience.</summary>
public sealed class RotatedMnistBenchmark : ContinualBenchmark
{
    internal RotatedMnistBenchmark(ContinualBenchmark streams, IReadOnlyList<int> rotations)
        : base(streams.Name, streams.TrainStream, streams.TestStream) => Rotations = rotations;

    /// <summary>Experience i's rotation in degrees (counter-clockwise).</summary>
    public IReadOnlyList<int> Rotations { get; }
}
