using CheckpointGen.Randomness;
using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Tests.Evaluation;

/// <summary>What a training script checkpoints: the strategy (model, optimizer, plugins, evaluator, loggers) and the managed RNGs.</summary>
[Checkpointable]
internal sealed partial class RunCheckpoint(SupervisedTemplate strategy)
{
    public SupervisedTemplate Strategy { get; } = strategy;

    public RngRegistry Rng { get; } = RngManager.Default;
}
