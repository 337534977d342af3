using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Benchmarks.Scenarios;
using CheckpointGen.Training.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Support;

/// <summary>A small labelled dataset of Gaussian blobs, one per class, split into a new-classes benchmark.</summary>
internal static class SyntheticBenchmark
{
    public const int Features = 20;

    public static NcBenchmark Create(int classes = 6, int perClass = 30, int experiences = 3, bool taskLabels = false, int seed = 7)
    {
        var generator = new torch.Generator((ulong)seed);
        TensorDataset Make(string split, int count)
        {
            var centers = torch.randn(classes, Features, generator: generator).Times(3);
            var labels = torch.tensor(Enumerable.Range(0, classes).Select(c => (long)c).ToArray()).repeat_interleave(count);
            var inputs = centers.index_select(0, labels).Plus(torch.randn(classes * count, Features, generator: generator));
            return new TensorDataset("blobs", split, inputs.to_type(ScalarType.Float32), labels);
        }
        return NcBenchmark.Create("Blobs", Make("train", perClass), Make("test", perClass / 3), experiences,
            taskLabels: taskLabels, shuffle: false);
    }
}
