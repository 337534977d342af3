using CheckpointGen.Training.Templates;

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
    }

    /// <summary>The strategy, restored in place.</summary>
    public SupervisedTemplate Strategy { get; }

    /// <summary>Every random generator (torch CPU, the managed one, registered ones).</summary>
    public RngRegistry Rng { get; }

    /// <summary>The next training experience: the ones completed, or the one under way when the checkpoint was taken inside it.</summary>
    public int NextExperience => (int)Strategy.Clock.TrainExpCounter;
}
