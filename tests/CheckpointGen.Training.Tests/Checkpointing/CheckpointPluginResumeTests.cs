using CheckpointGen.Randomness;
using CheckpointGen.Storage;
using CheckpointGen.Training.Checkpointing;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Templates;
using CheckpointGen.Training.Tests.Support;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Checkpointing;

public sealed class CheckpointPluginResumeTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ckpt-resume-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>The guide's main loop: seeds, benchmark, strategy, restore if possible, train from the next experience.</summary>
    private static byte[] Run(string directory, long killAfterIteration, int saveEveryIterations, bool asynchronous = false)
    {
        RngManager.SetRandomSeeds(1234);
        var benchmark = SyntheticBenchmark.Create();
        var model = nn.Sequential(
            ("fc1", nn.Linear(SyntheticBenchmark.Features, 32)), ("relu", nn.ReLU()), ("drop", nn.Dropout(0.2)), ("fc2", nn.Linear(32, 6)));
        var optimizer = optim.SGD(model.parameters(), learningRate: 0.05, momentum: 0.9);
        using var folder = new FileSystemCheckpointStorage(directory, keep: 2);
        using var background = asynchronous ? new BackgroundCheckpointStorage(folder, ownsInner: false) : null;
        var checkpoints = new CheckpointPlugin((ICheckpointStorage?)background ?? folder, saveEveryIterations: saveEveryIterations);
        var strategy = new Naive(model, optimizer, nn.CrossEntropyLoss(), new TemplateOptions
        {
            TrainMbSize = 8,
            TrainEpochs = 2,
            EvalMbSize = 16,
            Plugins = [new KillSwitch(killAfterIteration), checkpoints],
        });
        int initial = checkpoints.RestoreIfExists(strategy);
        for (int exp = initial; exp < benchmark.TrainStream.Count; exp++)
        {
            strategy.Train(benchmark.TrainStream[exp]);
            strategy.Eval(benchmark.TestStream);
        }
        return Snapshot(strategy);
    }

    private static byte[] Snapshot(SupervisedTemplate strategy)
    {
        using var stream = new MemoryStream();
        foreach (var (_, p) in strategy.Model.named_parameters()) stream.Write(p.bytes);
        return stream.ToArray();
    }

    private byte[] RunWithKills(string name, int saveEveryIterations, params long[] killAfter) => RunWithKills(name, saveEveryIterations, asynchronous: false, killAfter);

    private byte[] RunWithKills(string name, int saveEveryIterations, bool asynchronous, params long[] killAfter)
    {
        string directory = Path.Combine(_root, name);
        foreach (long kill in killAfter)
            Assert.Throws<SimulatedKill>(() => Run(directory, kill, saveEveryIterations, asynchronous));
        return Run(directory, long.MaxValue, saveEveryIterations, asynchronous);
    }

    [Fact]
    public void A_run_killed_between_experiences_resumes_to_the_same_weights_as_an_uninterrupted_run()
    {
        byte[] straight = Run(Path.Combine(_root, "straight"), long.MaxValue, saveEveryIterations: 0);
        // 30 samples per class, 2 classes per experience, batch 8: 8 iterations per epoch, 16 per experience.
        byte[] resumed = RunWithKills("killed", saveEveryIterations: 0, 20, 40);
        Assert.Equal(straight, resumed);
    }

    [Fact]
    public void A_run_killed_mid_epoch_resumes_from_the_last_periodic_checkpoint_with_the_same_batches()
    {
        byte[] straight = Run(Path.Combine(_root, "straight"), long.MaxValue, saveEveryIterations: 0);
        byte[] resumed = RunWithKills("killed", saveEveryIterations: 3, 5, 13, 14, 29, 44);
        Assert.Equal(straight, resumed);
    }

    [Fact]
    public void Asynchronous_saves_every_iteration_resume_to_the_same_weights_as_an_uninterrupted_run()
    {
        byte[] straight = Run(Path.Combine(_root, "straight"), long.MaxValue, saveEveryIterations: 0);
        byte[] resumed = RunWithKills("killed", saveEveryIterations: 1, asynchronous: true, 5, 13, 29, 44);
        Assert.Equal(straight, resumed);
    }

    [Fact]
    public void Without_a_checkpoint_RestoreIfExists_returns_experience_zero()
    {
        using var storage = new FileSystemCheckpointStorage(Path.Combine(_root, "empty"));
        var model = nn.Sequential(("fc", nn.Linear(4, 2)));
        var strategy = new Naive(model, optim.SGD(model.parameters(), 0.1), nn.CrossEntropyLoss());
        Assert.Equal(0, new CheckpointPlugin(storage).RestoreIfExists(strategy));
    }
}
