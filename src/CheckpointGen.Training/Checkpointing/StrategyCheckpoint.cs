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
    public StrategyCheckpoint(SupervisedTemplate strategy, RngRegistry rng)
    {
        Strategy = strategy;
        Rng = rng;
        TorchThreads = torch.get_num_threads();
    }

    /// <summary>The strategy, restored in place.</summary>
    public SupervisedTemplate Strategy { get; }

    /// <summary>Every random generator (torch CPU, the managed one, registered ones).</summary>
    public RngRegistry Rng { get; }

    /// <summary>
    /// Torch's intra-op thread count of the run that saved (after a restore: that run's; a checkpoint
    /// written before it was recorded leaves this process's count). See <see cref="TorchThreadCheck"/>.
    /// </summary>
    public int TorchThreads { get; private set; }

    /// <summary>The next training experience: the ones completed, or the one under way when the checkpoint was taken inside it.</summary>
    public int NextExperience => (int)Strategy.Clock.TrainExpCounter;
}
