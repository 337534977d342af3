using CheckpointGen.Randomness;
using CheckpointGen.Training.Templates;

namespace CheckpointGen.PerfBenchmarks.Fixtures;

/// <summary>The root the sample's checkpoints have (the training library's StrategyCheckpoint, which is internal): the strategy and every random generator.</summary>
[Checkpointable]
public sealed partial class SampleCheckpoint(SupervisedTemplate strategy, RngRegistry rng)
{
    public SupervisedTemplate Strategy { get; } = strategy;

    public RngRegistry Rng { get; } = rng;
}
