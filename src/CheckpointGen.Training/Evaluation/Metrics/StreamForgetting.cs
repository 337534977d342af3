using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Evaluation.Metrics;

/// <summary>
/// Forgetting averaged over the experiences of the evaluated stream that have it (Avalanche's
/// StreamForgetting), emitted after each evaluation: <c>StreamForgetting/eval_phase/test_stream</c>
/// (no task part). 0 when no experience has been evaluated since it was trained.
/// </summary>
[Checkpointable]
public partial class StreamForgetting : ExperienceForgetting
{
    private readonly Mean _streamMean = new();

    /// <inheritdoc/>
    public override string Name => "StreamForgetting";

    /// <summary>The stream forgetting (or BWT) of the evaluation under way or just ended.</summary>
    public double StreamResult() => _streamMean.Result();

    /// <inheritdoc/>
    public override void BeforeEval(SupervisedTemplate strategy)
    {
        base.BeforeEval(strategy);
        _streamMean.Reset();
    }

    /// <inheritdoc/>
    public override void AfterEvalExp(SupervisedTemplate strategy)
    {
        RecordAccuracy();
        if (Table.Difference(EvalExpId) is { } forgetting) _streamMean.Update(Sign * forgetting);
    }

    /// <inheritdoc/>
    public override void AfterEval(SupervisedTemplate strategy)
    {
        base.AfterEval(strategy);
        Emit(MetricValue.Scalar(MetricNames.ForStream(Name, strategy), _streamMean.Result(), strategy.Clock.TrainIterations));
    }
}

/// <summary>Backward transfer averaged over the stream (Avalanche's StreamBWT): <c>StreamBWT/eval_phase/test_stream</c>.</summary>
[Checkpointable]
public sealed partial class StreamBWT : StreamForgetting
{
    /// <inheritdoc/>
    public override string Name => "StreamBWT";

    /// <inheritdoc/>
    protected override double Sign => -1.0;
}
