using CheckpointGen.Training.Plugins;
using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Evaluation;

/// <summary>
/// A metric driven by the template's events through the <see cref="EvaluationPlugin"/> (Avalanche's
/// PluginMetric). It overrides the events it needs and emits <see cref="MetricValue"/>s; the
/// evaluation plugin collects them after each event and hands them to the loggers.
/// </summary>
/// <remarks>Subclasses are <c>[Checkpointable]</c>: their running sums and per-experience tables are restored with the strategy.</remarks>
[Checkpointable]
public abstract partial class PluginMetric : IStrategyPlugin
{
    // Values emitted during the event under way; drained by the evaluation plugin before the event ends.
    [CheckpointIgnore] private readonly List<MetricValue> _emitted = [];

    /// <summary>The metric's name, the first part of its keys (Avalanche's <c>str(metric)</c>, e.g. <c>Top1_Acc_Exp</c>).</summary>
    public abstract string Name { get; }

    /// <summary>Emits <paramref name="value"/> for the event under way.</summary>
    protected void Emit(MetricValue value) => _emitted.Add(value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>Emits a scalar named after the current phase, stream, task (and experience).</summary>
    protected void EmitScalar(SupervisedTemplate strategy, double value, bool addExperience) =>
        Emit(MetricValue.Scalar(MetricNames.For(Name, strategy, addExperience), value, strategy.Clock.TrainIterations));

    /// <summary>The values emitted since the last call, in emission order.</summary>
    internal MetricValue[] TakeEmitted()
    {
        if (_emitted.Count == 0) return [];
        var values = _emitted.ToArray();
        _emitted.Clear();
        return values;
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
