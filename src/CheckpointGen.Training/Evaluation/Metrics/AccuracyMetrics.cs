using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Evaluation.Metrics;

/// <summary>
/// Top-1 accuracy (Avalanche's AccuracyPluginMetric): correct predictions over samples, as a mean
/// weighted by minibatch size. The scope of the subclass decides over what it is averaged.
/// </summary>
[Checkpointable]
public abstract partial class AccuracyPluginMetric : GenericPluginMetric
{
    private readonly Mean _accuracy = new();

    /// <summary>Creates the metric with its scopes.</summary>
    protected AccuracyPluginMetric(MetricScope resetAt, MetricScope emitAt, MetricMode mode) : base(resetAt, emitAt, mode) { }

    /// <inheritdoc/>
    public override void Reset() => _accuracy.Reset();

    /// <inheritdoc/>
    public override double Result() => _accuracy.Result();

    /// <inheritdoc/>
    protected override void Update(SupervisedTemplate strategy)
    {
        var (correct, total) = Predictions.Count(strategy.MbOutput, strategy.MbY);
        if (total > 0) _accuracy.Update((double)correct / total, total);
    }
}

/// <summary>Accuracy of each training minibatch: <c>Top1_Acc_MB/train_phase/train_stream/Task000</c>.</summary>
[Checkpointable]
public sealed partial class MinibatchAccuracy() : AccuracyPluginMetric(MetricScope.Iteration, MetricScope.Iteration, MetricMode.Train)
{
    /// <inheritdoc/>
    public override string Name => "Top1_Acc_MB";
}

/// <summary>Accuracy over each training epoch: <c>Top1_Acc_Epoch/train_phase/train_stream/Task000</c>.</summary>
[Checkpointable]
public sealed partial class EpochAccuracy() : AccuracyPluginMetric(MetricScope.Epoch, MetricScope.Epoch, MetricMode.Train)
{
    /// <inheritdoc/>
    public override string Name => "Top1_Acc_Epoch";
}

/// <summary>Accuracy over the epoch so far, after every minibatch: <c>Top1_RunningAcc_Epoch/train_phase/train_stream/Task000</c>.</summary>
[Checkpointable]
public sealed partial class RunningEpochAccuracy() : AccuracyPluginMetric(MetricScope.Epoch, MetricScope.Iteration, MetricMode.Train)
{
    /// <inheritdoc/>
    public override string Name => "Top1_RunningAcc_Epoch";
}

/// <summary>Accuracy on each evaluation experience: <c>Top1_Acc_Exp/eval_phase/test_stream/Task000/Exp000</c>.</summary>
[Checkpointable]
public sealed partial class ExperienceAccuracy() : AccuracyPluginMetric(MetricScope.Experience, MetricScope.Experience, MetricMode.Eval)
{
    /// <inheritdoc/>
    public override string Name => "Top1_Acc_Exp";
}

/// <summary>Accuracy over all samples of an evaluation stream: <c>Top1_Acc_Stream/eval_phase/test_stream/Task000</c> (task of the last experience).</summary>
[Checkpointable]
public sealed partial class StreamAccuracy() : AccuracyPluginMetric(MetricScope.Stream, MetricScope.Stream, MetricMode.Eval)
{
    /// <inheritdoc/>
    public override string Name => "Top1_Acc_Stream";
}
