using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Evaluation.Metrics;

/// <summary>
/// Average Mean Class Accuracy (Avalanche's AMCAPluginMetric, <c>Top1_AMCA_Stream</c>): after each
/// evaluation, per stream and task, the mean over all evaluations so far of the mean class accuracy
/// of that evaluation. Keys have no phase part, as in Avalanche: <c>Top1_AMCA_Stream/test_stream/Task000</c>.
/// </summary>
/// <remarks>
/// Evaluations inside training (periodic validation) are ignored. Its per-evaluation history spans
/// the whole run, so a resumed run needs it from the checkpoint.
/// </remarks>
[Checkpointable]
public sealed partial class AverageMeanClassAccuracy : PluginMetric
{
    private readonly SortedSet<string>? _streams;
    private readonly SortedDictionary<string, StreamHistory> _histories = [];
    private readonly SortedSet<string> _streamsInPhase = [];
    private string? _currentStream;
    private bool _isTraining;

    /// <summary>Creates the metric for <paramref name="streams"/> (null: every stream).</summary>
    public AverageMeanClassAccuracy(IEnumerable<string>? streams) => _streams = streams is null ? null : [.. streams];

    /// <summary>Tracks the test stream, like Avalanche's amca_metrics().</summary>
    public AverageMeanClassAccuracy() : this(["test"]) { }

    /// <inheritdoc/>
    public override string Name => "Top1_AMCA_Stream";

    /// <summary>The AMCA of every tracked stream, by task.</summary>
    public SortedDictionary<string, SortedDictionary<int, double>> Result()
    {
        var result = new SortedDictionary<string, SortedDictionary<int, double>>(StringComparer.Ordinal);
        foreach (var (stream, history) in _histories) result[stream] = history.Result();
        return result;
    }

    /// <inheritdoc/>
    public override void BeforeTraining(SupervisedTemplate strategy) => _isTraining = true;

    /// <inheritdoc/>
    public override void AfterTraining(SupervisedTemplate strategy) => _isTraining = false;

    /// <inheritdoc/>
    public override void BeforeEval(SupervisedTemplate strategy)
    {
        if (_isTraining) return;
        // The previous evaluation's class accuracies join the history.
        foreach (string stream in _streamsInPhase) _histories[stream].NextEvaluation();
        _streamsInPhase.Clear();
    }

    /// <inheritdoc/>
    public override void BeforeEvalExp(SupervisedTemplate strategy)
    {
        if (_isTraining) return;
        _currentStream = strategy.Experience.StreamName;
        if (!IsTracked(_currentStream)) return;
        if (!_histories.ContainsKey(_currentStream)) _histories[_currentStream] = new StreamHistory();
        _streamsInPhase.Add(_currentStream);
    }

    /// <inheritdoc/>
    public override void AfterEvalIteration(SupervisedTemplate strategy)
    {
        if (_isTraining || _currentStream is null || !IsTracked(_currentStream)) return;
        _histories[_currentStream].Update(strategy);
    }

    /// <inheritdoc/>
    public override void AfterEval(SupervisedTemplate strategy)
    {
        if (_isTraining) return;
        foreach (var (stream, tasks) in Result())
            foreach (var (task, amca) in tasks)
                Emit(MetricValue.Scalar(MetricNames.Format(Name, null, stream, task, null), amca, strategy.Clock.TrainIterations));
    }

    private bool IsTracked(string stream) => _streams is null || _streams.Contains(stream);
}

/// <summary>One stream's AMCA state: the class accuracies of the evaluation under way and the mean class accuracy of each earlier one.</summary>
[Checkpointable]
public sealed partial class StreamHistory
{
    private readonly ClassAccuracyTable _current = new();
    private readonly SortedDictionary<int, List<double>> _previous = [];
    private bool _updatedOnce;

    /// <summary>Adds the current minibatch.</summary>
    public void Update(SupervisedTemplate strategy)
    {
        _updatedOnce = true;
        var predicted = Predictions.Labels(strategy.MbOutput);
        var truth = Predictions.Labels(strategy.MbY);
        var tasks = Predictions.Labels(strategy.MbTaskId);
        for (int i = 0; i < truth.Length; i++) _current.Update(predicted[i], truth[i], checked((int)tasks[i]));
    }

    /// <summary>Closes the evaluation under way: its mean class accuracy per task joins the history.</summary>
    public void NextEvaluation()
    {
        if (!_updatedOnce) return;
        foreach (var (task, accuracy) in CurrentMeans())
        {
            if (!_previous.TryGetValue(task, out var list)) _previous[task] = list = [];
            list.Add(accuracy);
        }
        _current.Reset();
    }

    /// <summary>Per task: the mean of the earlier evaluations' mean class accuracies and the current one.</summary>
    public SortedDictionary<int, double> Result()
    {
        var current = CurrentMeans();
        var result = new SortedDictionary<int, double>();
        foreach (int task in _previous.Keys.Union(current.Keys))
        {
            var values = new List<double>(_previous.GetValueOrDefault(task) ?? []) { current.GetValueOrDefault(task, 0.0) };
            result[task] = values.Average();
        }
        return result;
    }

    private Dictionary<int, double> CurrentMeans() =>
        _current.Result().Where(p => p.Value.Count > 0).ToDictionary(p => p.Key, p => p.Value.Values.Average());
}
