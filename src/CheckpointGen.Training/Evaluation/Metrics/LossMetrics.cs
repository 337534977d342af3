using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Evaluation.Metrics;

/// <summary>
/// Average loss per sample (Avalanche's LossPluginMetric): the minibatch's <see cref="SupervisedTemplate.Loss"/>
/// (regularizers included) weighted by its number of samples.
/// </summary>
[Checkpointable]
public abstract partial class LossPluginMetric : GenericPluginMetric
{
    private readonly Mean _loss = new();

    /// <summary>Creates the metric with its scopes.</summary>
    protected LossPluginMetric(MetricScope resetAt, MetricScope emitAt, MetricMode mode) : base(resetAt, emitAt, mode) { }

    /// <inheritdoc/>
    public override void Reset() => _loss.Reset();

    /// <inheritdoc/>
    public override double Result() => _loss.Result();

    /// <inheritdoc/>
    protected override void Update(SupervisedTemplate strategy)
    {
        var loss = strategy.Loss;
        // The usual case, a float32 scalar, is read directly (the same value the mean in float64 gives, without three tensor ops).
        if (loss.dtype == TorchSharp.torch.ScalarType.Float32 && loss.numel() == 1)
        {
            _loss.Update(loss.item<float>(), strategy.MbY.shape[0]);
            return;
        }
        using var detached = loss.detach();
        using var mean = detached.mean();
        using var wide = mean.to_type(TorchSharp.torch.ScalarType.Float64);
        _loss.Update(wide.item<double>(), strategy.MbY.shape[0]);
    }
}

/// <summary>Loss of each training minibatch: <c>Loss_MB/train_phase/train_stream/Task000</c>.</summary>
[Checkpointable]
public sealed partial class MinibatchLoss() : LossPluginMetric(MetricScope.Iteration, MetricScope.Iteration, MetricMode.Train)
{
    /// <inheritdoc/>
    public override string Name => "Loss_MB";
}

/// <summary>Loss over each training epoch: <c>Loss_Epoch/train_phase/train_stream/Task000</c>.</summary>
[Checkpointable]
public sealed partial class EpochLoss() : LossPluginMetric(MetricScope.Epoch, MetricScope.Epoch, MetricMode.Train)
{
    /// <inheritdoc/>
    public override string Name => "Loss_Epoch";
}

/// <summary>Loss over the epoch so far, after every minibatch: <c>RunningLoss_Epoch/train_phase/train_stream/Task000</c>.</summary>
[Checkpointable]
public sealed partial class RunningEpochLoss() : LossPluginMetric(MetricScope.Epoch, MetricScope.Iteration, MetricMode.Train)
{
    /// <inheritdoc/>
    public override string Name => "RunningLoss_Epoch";
}

/// <summary>Loss on each evaluation experience: <c>Loss_Exp/eval_phase/test_stream/Task000/Exp000</c>.</summary>
[Checkpointable]
public sealed partial class ExperienceLoss() : LossPluginMetric(MetricScope.Experience, MetricScope.Experience, MetricMode.Eval)
{
    /// <inheritdoc/>
    public override string Name => "Loss_Exp";
}

/// <summary>Loss over an evaluation stream: <c>Loss_Stream/eval_phase/test_stream/Task000</c>.</summary>
[Checkpointable]
public sealed partial class StreamLoss() : LossPluginMetric(MetricScope.Stream, MetricScope.Stream, MetricMode.Eval)
{
    /// <inheritdoc/>
    public override string Name => "Loss_Stream";
}
