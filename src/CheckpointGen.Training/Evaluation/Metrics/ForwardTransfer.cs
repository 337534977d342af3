using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Evaluation.Metrics;

/// <summary>
/// Forward transfer of each experience (Avalanche's ExperienceForwardTransfer): the accuracy on
/// experience k just before training on it (after training on k−1) minus its accuracy at
/// initialisation (the first evaluation, before any training). Needs an evaluation before training:
/// <c>ExperienceForwardTransfer/eval_phase/test_stream/Task000/Exp000</c>.
/// </summary>
[Checkpointable]
public partial class ExperienceForwardTransfer : PluginMetric
{
    private readonly SortedDictionary<int, double> _initial = [];
    private readonly SortedDictionary<int, double> _previous = [];
    private readonly Mean _currentAccuracy = new();
    private int _evalExpId = -1;
    private int? _trainExpId;
    private bool _atInit = true;

    /// <inheritdoc/>
    public override string Name => "ExperienceForwardTransfer";

    /// <summary>Forward transfer of every experience measured so far.</summary>
    public IReadOnlyDictionary<int, double> Result() => _previous.ToDictionary(p => p.Key, p => p.Value - _initial[p.Key]);

    /// <summary>previous − initial for <paramref name="experience"/>, or null before it was measured.</summary>
    protected double? ResultOf(int experience) => _previous.TryGetValue(experience, out double previous) ? previous - _initial[experience] : null;

    /// <summary>The experience being evaluated.</summary>
    protected int EvalExpId => _evalExpId;

    /// <summary>True during the first evaluation (the model at initialisation).</summary>
    protected bool AtInit => _atInit;

    /// <inheritdoc/>
    public override void BeforeTrainingExp(SupervisedTemplate strategy) => _trainExpId = strategy.Experience.CurrentExperience;

    /// <inheritdoc/>
    public override void BeforeEvalExp(SupervisedTemplate strategy) => _currentAccuracy.Reset();

    /// <inheritdoc/>
    public override void AfterEvalIteration(SupervisedTemplate strategy)
    {
        _evalExpId = strategy.Experience.CurrentExperience;
        var (correct, total) = Predictions.Count(strategy.MbOutput, strategy.MbY);
        if (total > 0) _currentAccuracy.Update((double)correct / total, total);
    }

    /// <inheritdoc/>
    public override void AfterEvalExp(SupervisedTemplate strategy)
    {
        if (RecordAccuracy() && ResultOf(_evalExpId) is { } transfer)
            Emit(MetricValue.Scalar(MetricNames.For(Name, strategy, addExperience: true), transfer, strategy.Clock.TrainIterations));
    }

    /// <inheritdoc/>
    public override void AfterEval(SupervisedTemplate strategy)
    {
        _evalExpId = -1;
        _atInit = false;
    }

    /// <summary>Stores the accuracy just measured; true when it was a "previous" value (experience k after training on k−1).</summary>
    protected bool RecordAccuracy()
    {
        if (_evalExpId < 0) throw new InvalidOperationException($"{Name}: the evaluation experience ran no minibatch; forward transfer needs at least one.");
        if (_atInit)
        {
            _initial[_evalExpId] = _currentAccuracy.Result();
            return false;
        }
        if (_trainExpId != _evalExpId - 1) return false;
        if (!_initial.ContainsKey(_evalExpId))
            throw new InvalidOperationException($"{Name}: experience {_evalExpId} was not evaluated before training; evaluate the stream once before the first Train.");
        _previous[_evalExpId] = _currentAccuracy.Result();
        return true;
    }
}

/// <summary>
/// Forward transfer averaged over the experiences measured so far (Avalanche's StreamForwardTransfer):
/// <c>StreamForwardTransfer/eval_phase/test_stream</c>, emitted after every evaluation (0 at initialisation).
/// </summary>
[Checkpointable]
public sealed partial class StreamForwardTransfer : ExperienceForwardTransfer
{
    private readonly Mean _streamMean = new();

    /// <inheritdoc/>
    public override string Name => "StreamForwardTransfer";

    /// <inheritdoc/>
    public override void BeforeEval(SupervisedTemplate strategy) => _streamMean.Reset();

    /// <inheritdoc/>
    public override void AfterEvalExp(SupervisedTemplate strategy)
    {
        bool atInit = AtInit;
        RecordAccuracy();
        if (!atInit && ResultOf(EvalExpId) is { } transfer) _streamMean.Update(transfer);
    }

    /// <inheritdoc/>
    public override void AfterEval(SupervisedTemplate strategy)
    {
        base.AfterEval(strategy);
        Emit(MetricValue.Scalar(MetricNames.ForStream(Name, strategy), _streamMean.Result(), strategy.Clock.TrainIterations));
    }
}
