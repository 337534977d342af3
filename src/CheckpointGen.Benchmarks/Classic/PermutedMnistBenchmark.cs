using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Benchmarks.Scenarios;

namespace CheckpointGen.Benchmarks.Classic;

/// <summary>A PermutedMNIST benchmark and the permutation of each experience.</summary>
public sealed class PermutedMnistBenchmark : ContinualBenchmark
{
    internal PermutedMnistBenchmark(ContinualBenchmark streams, IReadOnlyList<PixelMap> permutations)
        : base(streams.Name, streams.TrainStream, streams.TestStream) => Permutations = permutations;

    /// <summary>Experience i's pixel permutation (output pixel j = input pixel Permutations[i].Source[j]).</summary>
    public IReadOnlyList<PixelMap> Permutations { get; }
}
