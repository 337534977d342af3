using CheckpointGen.Training.Checkpointing;
using CheckpointGen.Training.Plugins;
using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Evaluation;

/// <summary>
/// Avalanche's EvaluationPlugin: sends every event of the template to the metrics, keeps every value
/// they emit (name → values with their x positions) and the last value of each name, and hands the
/// values of each event to the loggers. Pass it as the template's evaluator.
/// </summary>
/// <remarks>
/// Checkpointed with the strategy: the metrics' running state, all results and the loggers' state
/// come back on resume, so forgetting, AMCA and the logs continue as if the run had not stopped.
/// The metric and logger lists are restored into the instances the rebuilt strategy holds, so build
/// the evaluator with the same metrics and loggers, in the same order.
/// </remarks>
[Checkpointable]
public sealed partial class EvaluationPlugin : IStrategyPlugin, IMetricResults, IResumeAware
{
    private readonly List<PluginMetric> _metrics;
    private readonly List<IMetricLogger> _loggers;
    private readonly bool _collectAll;
    private readonly Dictionary<string, List<MetricValue>> _allResults = [];
    private readonly Dictionary<string, MetricValue> _lastResults = [];

    /// <summary>Creates the plugin.</summary>
    /// <param name="metrics">The metrics, in the order they receive events.</param>
    /// <param name="loggers">The loggers, in the order they receive values.</param>
    /// <param name="collectAll">Keep every value (true, Avalanche's default) or only the last of each name.</param>
    public EvaluationPlugin(IEnumerable<PluginMetric> metrics, IEnumerable<IMetricLogger>? loggers = null, bool collectAll = true)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _metrics = [.. metrics];
        _loggers = [.. loggers ?? []];
        for (int i = 0; i < _metrics.Count; i++)
            if (_metrics[i] is null) throw new ArgumentException($"Metric {i} is null.", nameof(metrics));
        for (int i = 0; i < _loggers.Count; i++)
            if (_loggers[i] is null) throw new ArgumentException($"Logger {i} is null.", nameof(loggers));
        _collectAll = collectAll;
    }

    /// <summary>The metrics.</summary>
    public IReadOnlyList<PluginMetric> Metrics => _metrics;

    /// <summary>The loggers.</summary>
    public IReadOnlyList<IMetricLogger> Loggers => _loggers;

    /// <summary>False: events are ignored (no metric updates, nothing logged).</summary>
    public bool Active { get; set; } = true;

    /// <summary>Every value emitted, by name, in emission order (empty when collectAll is false).</summary>
    public IReadOnlyDictionary<string, List<MetricValue>> AllResults => _allResults;

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, MetricValue> LastResults => new Dictionary<string, MetricValue>(_lastResults);

    /// <summary>The values of <paramref name="name"/> with their x positions (empty when none).</summary>
    public IReadOnlyList<MetricValue> ResultsOf(string name) => _allResults.TryGetValue(name, out var values) ? values : [];

    /// <summary>Forgets the last values (not the history).</summary>
    public void ResetLastResults() => _lastResults.Clear();

    /// <summary>Tells every logger that implements <see cref="IResumeAware"/> that the run resumed.</summary>
    public void OnResumed(string checkpointDescription)
    {
        foreach (var logger in _loggers)
            if (logger is IResumeAware aware) aware.OnResumed(checkpointDescription);
    }

    private void Dispatch(StrategyEvent strategyEvent, SupervisedTemplate strategy)
    {
        if (!Active) return;
        // Most events emit nothing: the list is only allocated when a value comes.
        List<MetricValue>? emitted = null;
        foreach (var metric in _metrics)
        {
            StrategyEvents.Raise(metric, strategyEvent, strategy);
            foreach (var value in metric.TakeEmitted())
            {
                Publish(value);
                (emitted ??= []).Add(value);
            }
        }
        IReadOnlyList<MetricValue> values = emitted ?? (IReadOnlyList<MetricValue>)[];
        foreach (var logger in _loggers) logger.OnEvent(strategyEvent, strategy, values);
    }

    private void Publish(MetricValue value)
    {
        if (_collectAll)
        {
            if (!_allResults.TryGetValue(value.Name, out var values)) _allResults[value.Name] = values = [];
            values.Add(value);
        }
        _lastResults[value.Name] = value;
    }
}
