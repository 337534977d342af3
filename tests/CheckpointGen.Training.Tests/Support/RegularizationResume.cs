using CheckpointGen.Benchmarks.Scenarios;
using CheckpointGen.Randomness;
using CheckpointGen.Training.Templates;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Support;

/// <summary>What a checkpoint of a run holds: the strategy and the process's random generators.</summary>
[Checkpointable]
internal sealed partial class RegularizationRunRoot
{
    public SupervisedTemplate? Strategy { get; set; }
    public RngRegistry? Rng { get; set; }
}

/// <summary>
/// Save → restore → continue, against straight through: run A trains every experience of the
/// benchmark; run B trains all but the last, saves the strategy and <see cref="RngManager.Default"/>,
/// builds everything again with the same code (as a new process would), restores, and trains the last
/// experience. Returns both strategies for comparison.
/// </summary>
internal static class RegularizationResume
{
    public static (SupervisedTemplate Straight, SupervisedTemplate Resumed) Run(Func<SupervisedTemplate> build, ContinualBenchmark benchmark)
    {
        int last = benchmark.TrainStream.Count - 1;
        Seed();
        var straight = build();
        foreach (var experience in benchmark.TrainStream) straight.Train(experience);

        Seed();
        var first = build();
        for (int i = 0; i < last; i++) first.Train(benchmark.TrainStream[i]);
        using var file = new MemoryStream();
        Checkpoint.Save(new RegularizationRunRoot { Strategy = first, Rng = RngManager.Default }, file);

        // A fresh start: other seeds and a fresh strategy, so nothing but the checkpoint can make the runs agree
        // (another seed is another experiment's identity: accepted here on purpose).
        torch.manual_seed(999);
        RngManager.SetRandomSeeds(999);
        var resumed = build();
        file.Position = 0;
        Checkpoint.Restore(new RegularizationRunRoot { Strategy = resumed, Rng = RngManager.Default }, file, new CheckpointLoadOptions { AcceptConfigurationChanges = true });
        resumed.Train(benchmark.TrainStream[last]);
        return (straight, resumed);
    }

    private static void Seed()
    {
        torch.manual_seed(7);
        RngManager.SetRandomSeeds(7);
    }

    /// <summary>The bytes of every parameter and buffer, by name.</summary>
    public static Dictionary<string, byte[]> StateBytes(nn.Module model) =>
        model.named_parameters().Select(p => (p.name, (Tensor)p.parameter))
            .Concat(model.named_buffers().Select(b => (b.name, b.buffer)))
            .ToDictionary(e => e.Item1, e => e.Item2.detach().cpu().contiguous().bytes.ToArray());

    public static byte[] Bytes(Tensor t) => t.detach().cpu().contiguous().bytes.ToArray();

    public static void AssertSameModel(SupervisedTemplate straight, SupervisedTemplate resumed)
    {
        var a = StateBytes(straight.Model);
        var b = StateBytes(resumed.Model);
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var (name, bytes) in a) Assert.True(bytes.AsSpan().SequenceEqual(b[name]), $"{name} differs after resuming");
    }

    public static void AssertSameTensors(IReadOnlyDictionary<string, Tensor> a, IReadOnlyDictionary<string, Tensor> b, string what)
    {
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var (name, t) in a) Assert.True(Bytes(t).AsSpan().SequenceEqual(Bytes(b[name])), $"{what} '{name}' differs after resuming");
    }
}
