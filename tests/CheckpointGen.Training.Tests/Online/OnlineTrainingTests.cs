using CheckpointGen.Benchmarks.Scenarios;
using CheckpointGen.Randomness;
using CheckpointGen.Storage;
using CheckpointGen.Training.Checkpointing;
using CheckpointGen.Training.Evaluation.Metrics;
using CheckpointGen.Training.Evaluation;
using CheckpointGen.Training.Optimizers;
using CheckpointGen.Training.Plugins;
using CheckpointGen.Training.Storage;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Templates;
using CheckpointGen.Training.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Online;

/// <summary>The template, metrics and the checkpoint plugin on an online stream (Avalanche's split_online_stream).</summary>
public sealed class OnlineTrainingTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ckpt-online-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private sealed record Outcome(byte[] Weights, List<string> Results, IReadOnlyList<string> Keys);

    /// <summary>
    /// Online replay (a class-balanced buffer updated after every mini-experience) with the usual metrics; saves every
    /// 2 iterations, between mini-experiences too, and after each evaluation at the end of every original experience.
    /// </summary>
    private static Outcome Run(string directory, long killAfterIteration)
    {
        RngManager.SetRandomSeeds(1234);
        var benchmark = SyntheticBenchmark.Create();
        var online = OnlineStream.Split(benchmark.TrainStream, experienceSize: 10);
        var model = nn.Sequential(("fc1", nn.Linear(SyntheticBenchmark.Features, 32)), ("relu", nn.ReLU()), ("drop", nn.Dropout(0.2)), ("fc2", nn.Linear(32, 6)));
        var evaluator = new EvaluationPlugin(
            [new EpochAccuracy(), new ExperienceAccuracy(), new StreamAccuracy(), new EpochLoss(), new StreamLoss(), new ExperienceForgetting(), new StreamForgetting()], []);
        using var storage = new FileSystemCheckpointStorage(directory, keep: 2);
        // The loop evaluates after the last mini-experience of each experience: no save between those.
        var checkpoints = new CheckpointPlugin(storage, saveEveryIterations: 2,
            betweenExperiences: s => !online[(int)s.Clock.TrainExpCounter - 1].IsLastSubExperience);
        var options = new TemplateOptions
        {
            TrainMbSize = 4,
            EvalMbSize = 16,
            Plugins = [new KillSwitch(killAfterIteration), checkpoints],
            Evaluator = evaluator,
        };
        var strategy = new Naive(model, new GcSafeSgd(model.parameters(), 0.05, momentum: 0.9), nn.CrossEntropyLoss(),
            options.WithStrategyPlugin(new ReplayPlugin(12, new ClassBalancedBuffer(12, adaptiveSize: true))));
        for (int i = checkpoints.RestoreIfExists(strategy); i < online.Count; i++)
        {
            strategy.Train(online[i]);
            if (online[i].IsLastSubExperience) strategy.Eval(benchmark.TestStream);
        }
        using var weights = new MemoryStream();
        foreach (var (_, p) in model.named_parameters()) weights.Write(p.bytes);
        return new Outcome(weights.ToArray(), Flatten(evaluator), evaluator.AllResults.Keys.ToList());
    }

    private static List<string> Flatten(EvaluationPlugin evaluator) =>
        evaluator.AllResults.OrderBy(p => p.Key, StringComparer.Ordinal)
            .SelectMany(p => p.Value.Select(v => $"{p.Key}@{v.XPosition}: {string.Join(";", v.Scalars().Select(s => $"{s.Name}={s.Value:R}"))}")).ToList();

    [Fact]
    public void An_online_run_with_metrics_killed_between_and_inside_mini_experiences_ends_with_the_same_weights_and_results()
    {
        var straight = Run(Path.Combine(_root, "straight"), long.MaxValue);
        // 3 experiences of 60 samples: 6 mini-experiences of 10 each (3 iterations of 4, 4, 2), 54 iterations.
        Assert.Contains("Top1_Acc_Epoch/train_phase/train_online_stream/Task000", straight.Keys);
        Assert.Contains("Top1_Acc_Stream/eval_phase/test_stream/Task000", straight.Keys);
        string directory = Path.Combine(_root, "killed");
        foreach (long kill in new long[] { 4, 9, 17, 18, 31, 40, 53 })
            Assert.Throws<SimulatedKill>(() => Run(directory, kill));
        var resumed = Run(directory, long.MaxValue);
        Assert.Equal(straight.Weights, resumed.Weights);
        Assert.Equal(straight.Results, resumed.Results);
    }

    [Fact]
    public void Between_experiences_the_checkpoint_plugin_saves_only_where_allowed()
    {
        RngManager.SetRandomSeeds(3);
        var benchmark = SyntheticBenchmark.Create();
        var online = OnlineStream.Split(benchmark.TrainStream, experienceSize: 20);
        var model = nn.Sequential(("fc", nn.Linear(SyntheticBenchmark.Features, 6)));
        using var storage = new FileSystemCheckpointStorage(Path.Combine(_root, "points"));
        // Minibatches of 20: one iteration per mini-experience, so only the points between experiences can save.
        var allowed = new HashSet<long> { 2, 5 };
        var checkpoints = new CheckpointPlugin(storage, saveEveryIterations: 1, betweenExperiences: s => allowed.Contains(s.Clock.TrainExpCounter));
        var strategy = new Naive(model, new GcSafeSgd(model.parameters(), 0.05), nn.CrossEntropyLoss(), new TemplateOptions { TrainMbSize = 20, Plugins = [checkpoints] });
        foreach (var mini in online) strategy.Train(mini);
        Assert.Equal(2, checkpoints.SaveDurations.Count);
        Assert.Equal([2L, 5], storage.List().Select(c => c.Sequence).Order());
    }
}
