using CheckpointGen.Training.Plugins;

namespace CheckpointGen.Training.Templates;

/// <summary>
/// The six training counters of Avalanche's clock, advanced by the template's events. Part of every
/// checkpoint, so that metrics and loggers keyed by iteration continue with the right x positions.
/// </summary>
[Checkpointable]
public sealed partial class Clock : IStrategyPlugin
{
    /// <summary>Training iterations since the strategy was built (all experiences).</summary>
    public long TrainIterations { get; private set; }

    /// <summary>Training experiences completed.</summary>
    public long TrainExpCounter { get; private set; }

    /// <summary>Epochs completed in the current training experience.</summary>
    public long TrainExpEpochs { get; private set; }

    /// <summary>Iterations in the current training experience.</summary>
    public long TrainExpIterations { get; private set; }

    /// <summary>Iterations in the current epoch.</summary>
    public long TrainEpochIterations { get; private set; }

    /// <summary>Iterations of training and evaluation since the strategy was built.</summary>
    public long TotalIterations { get; private set; }

    void IStrategyPlugin.BeforeTrainingExp(SupervisedTemplate strategy)
    {
        // A resumed mid-experience run re-enters the experience: keep its counters.
        if (strategy.IsResumingExperience) return;
        TrainExpIterations = 0;
        TrainExpEpochs = 0;
    }

    void IStrategyPlugin.BeforeTrainingEpoch(SupervisedTemplate strategy)
    {
        if (strategy.IsResumingEpoch) return;
        TrainEpochIterations = 0;
    }

    void IStrategyPlugin.AfterTrainingIteration(SupervisedTemplate strategy)
    {
        TrainEpochIterations++;
        TrainExpIterations++;
        TrainIterations++;
        TotalIterations++;
    }

    void IStrategyPlugin.AfterTrainingEpoch(SupervisedTemplate strategy) => TrainExpEpochs++;

    void IStrategyPlugin.AfterTrainingExp(SupervisedTemplate strategy) => TrainExpCounter++;

    void IStrategyPlugin.AfterEvalIteration(SupervisedTemplate strategy) => TotalIterations++;

    /// <inheritdoc/>
    public override string ToString() =>
        $"iterations {TrainIterations}, experiences {TrainExpCounter}, exp epochs {TrainExpEpochs}, exp iterations {TrainExpIterations}, epoch iterations {TrainEpochIterations}, total {TotalIterations}";
}
