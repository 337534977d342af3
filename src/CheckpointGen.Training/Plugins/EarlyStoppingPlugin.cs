using CheckpointGen.Training.Templates;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Plugins;

/// <summary>When <see cref="EarlyStoppingPlugin"/> checks for progress.</summary>
public enum EarlyStoppingPeriod
{
    /// <summary>Before every training epoch; patience counts epochs.</summary>
    Epoch,

    /// <summary>Before every training iteration; patience counts iterations.</summary>
    Iteration,
}

/// <summary>
/// Avalanche's <c>EarlyStoppingPlugin</c>: watches a metric of a validation stream, remembers the
/// model's best state, and when the metric has not improved for <c>patience</c> epochs (or
/// iterations) puts the best state back and stops the training experience.
/// </summary>
/// <remarks>
/// <para>The metric is computed by the plugin itself during the evaluation of the validation stream
/// (so it does not depend on the metrics package): <c>Top1_Acc_Stream</c> (accuracy over the
/// stream) or <c>Loss_Stream</c> (mean loss). The template must evaluate that stream during training
/// (<see cref="TemplateOptions.EvalEvery"/> and the eval streams passed to <c>Train</c>).</para>
/// <para>As in Avalanche, the last value survives from one experience to the next, the first value
/// seen in an experience becomes the best at step 0, and later values count as better only by more
/// than <c>margin</c>.</para>
/// </remarks>
[Checkpointable]
public sealed partial class EarlyStoppingPlugin : IStrategyPlugin
{
    /// <summary>Accuracy over the stream.</summary>
    public const string AccuracyMetric = "Top1_Acc_Stream";

    /// <summary>Mean loss over the stream.</summary>
    public const string LossMetric = "Loss_Stream";

    [CheckpointConfiguration] private readonly int _patience;
    [CheckpointConfiguration] private readonly string _valStreamName;
    [CheckpointConfiguration] private readonly string _metricName;
    [CheckpointConfiguration] private readonly bool _maximize;
    [CheckpointConfiguration] private readonly EarlyStoppingPeriod _period;
    [CheckpointConfiguration] private readonly double _margin;

    private readonly Dictionary<string, Tensor> _bestState = [];
    private bool _hasBest;
    private double _bestValue;
    private long _bestStep;
    private bool _hasLastValue;
    private double _lastValue;

    // Sums over the validation stream of the evaluation under way.
    private bool _collecting;
    private long _correct;
    private long _seen;
    private double _lossSum;

    /// <summary>Creates the plugin.</summary>
    /// <param name="patience">Epochs (or iterations) without improvement before stopping.</param>
    /// <param name="valStreamName">The validation stream's name (<c>test</c> or <c>test_stream</c>).</param>
    /// <param name="metricName"><see cref="AccuracyMetric"/> or <see cref="LossMetric"/>.</param>
    /// <param name="mode"><c>max</c> or <c>min</c>: whether the metric should grow or shrink.</param>
    /// <param name="period">Check before every epoch or every iteration.</param>
    /// <param name="margin">The least change that counts as an improvement.</param>
    public EarlyStoppingPlugin(int patience, string valStreamName, string metricName = AccuracyMetric, string mode = "max",
        EarlyStoppingPeriod period = EarlyStoppingPeriod.Epoch, double margin = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        ArgumentException.ThrowIfNullOrEmpty(valStreamName);
        if (metricName is not (AccuracyMetric or LossMetric))
            throw new ArgumentException($"Metric '{metricName}' is not computed by the early-stopping plugin; use {AccuracyMetric} or {LossMetric}.", nameof(metricName));
        if (mode is not ("max" or "min")) throw new ArgumentException($"Mode must be \"max\" or \"min\", got \"{mode}\".", nameof(mode));
        ArgumentOutOfRangeException.ThrowIfNegative(margin);
        _patience = patience;
        _valStreamName = valStreamName.EndsWith("_stream", StringComparison.Ordinal) ? valStreamName[..^"_stream".Length] : valStreamName;
        _metricName = metricName;
        _maximize = mode == "max";
        _period = period;
        _margin = margin;
    }

    /// <summary>The last value of the metric, or null before the validation stream was evaluated.</summary>
    public double? LastValue => _hasLastValue ? _lastValue : null;

    /// <summary>The best value in the current experience, or null.</summary>
    public double? BestValue => _hasBest ? _bestValue : null;

    /// <summary>The epoch (or iteration) of the experience at which the best value was seen.</summary>
    public long BestStep => _bestStep;

    void IStrategyPlugin.BeforeTraining(SupervisedTemplate strategy)
    {
        if (strategy.IsResumingExperience) return;
        ClearBest();
    }

    void IStrategyPlugin.BeforeTrainingEpoch(SupervisedTemplate strategy)
    {
        if (_period == EarlyStoppingPeriod.Epoch && !strategy.IsResumingEpoch) Check(strategy);
    }

    void IStrategyPlugin.BeforeTrainingIteration(SupervisedTemplate strategy)
    {
        if (_period == EarlyStoppingPeriod.Iteration) Check(strategy);
    }

    void IStrategyPlugin.BeforeEval(SupervisedTemplate strategy)
    {
        _collecting = false;
        _correct = _seen = 0;
        _lossSum = 0;
    }

    void IStrategyPlugin.BeforeEvalExp(SupervisedTemplate strategy) => _collecting = strategy.Experience.StreamName == _valStreamName;

    void IStrategyPlugin.AfterEvalIteration(SupervisedTemplate strategy)
    {
        if (!_collecting) return;
        long n = strategy.MbY.shape[0];
        using (var predicted = strategy.MbOutput.argmax(1))
        using (var hits = predicted.eq(strategy.MbY).sum())
            _correct += hits.item<long>();
        _lossSum += strategy.Loss.item<float>() * n;
        _seen += n;
    }

    void IStrategyPlugin.AfterEval(SupervisedTemplate strategy)
    {
        if (_seen == 0) return;
        _lastValue = _metricName == AccuracyMetric ? (double)_correct / _seen : _lossSum / _seen;
        _hasLastValue = true;
        _collecting = false;
    }

    private void Check(SupervisedTemplate strategy)
    {
        if (!UpdateBest(strategy)) return;
        if (Step(strategy) - _bestStep >= _patience)
        {
            LoadBest(strategy.Model);
            strategy.StopTraining();
        }
    }

    /// <summary>Avalanche's <c>_update_best</c>; false when there is nothing to compare yet.</summary>
    private bool UpdateBest(SupervisedTemplate strategy)
    {
        if (!_hasLastValue) return false;
        double value = _lastValue;
        if (!_hasBest || Better(value, _bestValue))
        {
            SaveBest(strategy.Model);
            if (!_hasBest)
            {
                _hasBest = true;
                _bestValue = value;
                _bestStep = 0;
                return false;
            }
            if (Better(value - _bestValue, _margin))
            {
                _bestStep = Step(strategy);
                _bestValue = value;
            }
        }
        return true;
    }

    private bool Better(double value, double than) => _maximize ? value > than : value < than;

    private long Step(SupervisedTemplate strategy) =>
        _period == EarlyStoppingPeriod.Epoch ? strategy.Clock.TrainExpEpochs : strategy.Clock.TrainExpIterations;

    private void SaveBest(nn.Module model)
    {
        foreach (var tensor in _bestState.Values) tensor.Dispose();
        _bestState.Clear();
        foreach (var (name, tensor) in model.state_dict())
            _bestState[name] = tensor.detach().clone().DetachFromDisposeScope();
    }

    private void LoadBest(nn.Module model)
    {
        using var noGrad = no_grad();
        foreach (var (name, tensor) in model.state_dict())
            if (_bestState.TryGetValue(name, out var best)) tensor.copy_(best);
    }

    private void ClearBest()
    {
        foreach (var tensor in _bestState.Values) tensor.Dispose();
        _bestState.Clear();
        _hasBest = false;
        _bestValue = 0;
        _bestStep = 0;
    }
}
