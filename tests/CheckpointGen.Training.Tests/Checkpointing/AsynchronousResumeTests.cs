using CheckpointGen.Storage;
using CheckpointGen.Training.Checkpointing;
using CheckpointGen.Training.Plugins;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Templates;
using CheckpointGen.Training.Tests.Support;
using TorchSharp;
using Xunit;

namespace CheckpointGen.Training.Tests.Checkpointing;

/// <summary>
/// Every strategy the sample offers (samples/SplitMnistCheckpointing, <c>--strategy</c>), saved
/// asynchronously after every iteration, killed inside an experience and resumed, ends bit-identical
/// to an uninterrupted run. Small runs on synthetic data: two experiences (16 iterations for most strategies).
/// </summary>
public sealed class AsynchronousResumeTests : IDisposable
{
    private const int Experiences = 2;

    private readonly string _root = Directory.CreateTempSubdirectory("ckpt-async-resume-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    public static TheoryData<string> SampleStrategies => new(["naive", "replay", "ewc", "si", "lwf", "gem", "agem", "gdumb", "der", "der++", "er-ace", "er-aml", "mir", "gss", "cope", "generative-replay"]);

    /// <summary>The sample's strategies with small memories, on <see cref="Runs.Fresh"/>'s data and model.</summary>
    private static ResumableRun Build(string strategy)
    {
        switch (strategy)
        {
            case "replay": return Runs.Replay();
            case "gdumb": return Runs.GDumb();
            case "der": return RehearsalRuns.Der(beta: 0);
            case "der++": return RehearsalRuns.Der(beta: 0.5);
            case "er-ace": return RehearsalRuns.ErAce();
            case "er-aml": return RehearsalRuns.ErAml();
            case "mir": return RehearsalRuns.Mir();
            case "gss": return RehearsalRuns.Gss();
            case "cope": return RehearsalRuns.Cope();
            case "generative-replay": return RehearsalRuns.GenerativeReplay();
        }
        var (benchmark, model) = Runs.Fresh();
        var optimizer = Runs.Sgd(model.parameters());
        var criterion = torch.nn.CrossEntropyLoss();
        SupervisedTemplate built = strategy switch
        {
            "naive" => new Naive(model, optimizer, criterion, Runs.Options().WithStrategyPlugin(new ReplayPlugin(20))),
            "ewc" => new EWC(model, optimizer, criterion, ewcLambda: 0.4, options: Runs.Options()),
            "si" => new SynapticIntelligence(model, optimizer, criterion, siLambda: 1.0, eps: 0.1, options: Runs.Options()),
            "lwf" => new LwF(model, optimizer, criterion, alpha: 1.0, temperature: 2.0, options: Runs.Options()),
            "gem" => new GEM(model, optimizer, criterion, patternsPerExp: 16, memoryStrength: 0.5, options: Runs.Options()),
            "agem" => new AGEM(model, optimizer, criterion, patternsPerExp: 16, sampleSize: 16, options: Runs.Options()),
            _ => throw new ArgumentException($"No test run for the strategy '{strategy}'.", nameof(strategy)),
        };
        return new ResumableRun(built, benchmark);
    }

    /// <summary>
    /// Builds the run, adds the kill switch and (given a folder) the checkpoint plugin saving
    /// asynchronously after every iteration, restores, trains what is left; returns the final state
    /// and the iterations trained.
    /// </summary>
    private static (Snapshot State, long Iterations) Run(string strategy, string? directory, long killAfterIteration)
    {
        var run = Build(strategy);
        using var storage = directory is null ? null : new BackgroundCheckpointStorage(new FileSystemCheckpointStorage(directory, keep: 2));
        var checkpoints = storage is null ? null : new CheckpointPlugin(storage, saveEveryIterations: 1);
        run.Strategy.AddPlugin(new KillSwitch(killAfterIteration));
        if (checkpoints is not null) run.Strategy.AddPlugin(checkpoints);
        for (int k = checkpoints?.RestoreIfExists(run.Strategy) ?? 0; k < Experiences; k++) run.Train(k);
        return (Snapshot.Of(run.Strategy), run.Strategy.Clock.TrainIterations);
    }

    [Theory]
    [MemberData(nameof(SampleStrategies))]
    public void Asynchronous_saves_every_iteration_resume_bit_identical_after_a_kill_inside_an_experience(string strategy)
    {
        var (straight, iterations) = Run(strategy, directory: null, long.MaxValue);
        // Three quarters in: inside the second experience, mid-epoch.
        long killAfter = iterations * 3 / 4 + 1;
        string folder = Path.Combine(_root, "killed");
        Assert.Throws<SimulatedKill>(() => Run(strategy, folder, killAfter));
        var (resumed, _) = Run(strategy, folder, long.MaxValue);
        straight.AssertEqual(resumed, $"{strategy} killed after iteration {killAfter} of {iterations}, resumed from an asynchronous checkpoint");
    }
}
