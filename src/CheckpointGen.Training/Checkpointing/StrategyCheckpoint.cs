using CheckpointGen.Benchmarks.Scenarios;
using CheckpointGen.Randomness;
using CheckpointGen.Training.Templates;
using TorchSharp;

namespace CheckpointGen.Training.Checkpointing;

/// <summary>
/// The root of a training checkpoint: the strategy (model, optimizer, plugins, metrics, loggers,
/// clock, progress) and every random generator. What Avalanche pickles as
/// <c>{strategy, rng_manager, exp_counter}</c>; the experience counter is the clock's.
/// </summary>
[Checkpointable]
internal sealed partial class StrategyCheckpoint
{
    public StrategyCheckpoint(SupervisedTemplate strategy, RngRegistry rng, BenchmarkIdentity? benchmark)
    {
        Strategy = strategy;
        Rng = rng;
        Benchmark = benchmark ?? BenchmarkIdentity.Undeclared;
        TorchThreads = torch.get_num_threads();
    }

    /// <summary>The strategy, restored in place.</summary>
    public SupervisedTemplate Strategy { get; }

    /// <summary>Every random generator (torch CPU, the managed one, registered ones).</summary>
    public RngRegistry Rng { get; }

    /// <summary>The benchmark the run trains on (configuration: a resume against another one is refused).</summary>
    public BenchmarkIdentity Benchmark { get; }

    /// <summary>
    /// Torch's intra-op thread count of this process: configuration that may change on resume (a job may
    /// resume on a bigger allocation), so another count is a warning. See <see cref="TorchThreadCheck"/>.
    /// </summary>
    [CheckpointConfiguration(ConfigurationChange.Warn)]
    public int TorchThreads { get; }

    /// <summary>The next training experience: the ones completed, or the one under way when the checkpoint was taken inside it.</summary>
    public int NextExperience => (int)Strategy.Clock.TrainExpCounter;
}
