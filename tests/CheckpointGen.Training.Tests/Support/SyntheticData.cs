using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Benchmarks.Scenarios;
using CheckpointGen.Training.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Support;

/// <summary>Small labelled datasets built from a private torch generator (the global one is left alone).</summary>
internal static class SyntheticData
{
    /// <summary><paramref name="classes"/> × <paramref name="perClass"/> samples of <paramref name="features"/> features; class c's mean is c along feature c.</summary>
    public static TensorDataset Make(string split, int classes = 6, int perClass = 30, int features = 20, long seed = 1)
    {
        using var generator = new Generator((ulong)seed);
        var inputs = randn([classes * perClass, features], generator: generator);
        var targets = new long[classes * perClass];
        for (int i = 0; i < targets.Length; i++) targets[i] = i % classes;
        using var three = 3.0.ToScalar();
        using (no_grad())
            for (int i = 0; i < targets.Length; i++)
                inputs[i, targets[i] % features].add_(three, HeldScalars.One);
        return new TensorDataset("synthetic", split, inputs, tensor(targets));
    }

    /// <summary>A 3-experience new-classes benchmark over 6 classes (fixed class order), with or without task labels.</summary>
    public static NcBenchmark Benchmark(bool taskLabels = false, int perClass = 30) =>
        NcBenchmark.Create("synthetic", Make("train", perClass: perClass, seed: 1), Make("test", perClass: 10, seed: 2), 3,
            taskLabels: taskLabels, shuffle: false, classIdsFromZeroInEachExp: taskLabels);
}
