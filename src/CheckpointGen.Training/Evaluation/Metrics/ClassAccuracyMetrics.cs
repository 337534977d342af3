using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Evaluation.Metrics;

/// <summary>
/// Accuracy per class (Avalanche's ClassAccuracyPluginMetric), one per-class value per task, e.g.
/// <c>Top1_ClassAcc_Stream/eval_phase/test_stream/Task000</c>; loggers flatten it to Avalanche's
/// per-class keys <c>…/Task000/3</c>.
/// </summary>
[Checkpointable]
public abstract partial class ClassAccuracyPluginMetric : GenericPluginMetric
{
    private readonly ClassAccuracyTable _table = new();
    private string _phase = "train";
    private string _stream = "train";
    private int _experience;

    /// <summary>Creates the metric with its scopes.</summary>
    protected ClassAccuracyPluginMetric(MetricScope resetAt, MetricScope emitAt, MetricMode mode) : base(resetAt, emitAt, mode) { }

    /// <summary>Accuracy of every class seen, by task.</summary>
    public SortedDictionary<int, SortedDictionary<int, double>> ClassResult() => _table.Result();

    /// <inheritdoc/>
    public override void Reset() => _table.Reset();

    /// <summary>The mean of the class accuracies of the first task (the scalar view of this metric).</summary>
    public override double Result() => _table.Result().Values.FirstOrDefault() is { Count: > 0 } classes ? classes.Values.Average() : 0.0;

    /// <inheritdoc/>
    protected override void Update(SupervisedTemplate strategy)
    {
        var predicted = Predictions.Labels(strategy.MbOutput);
        var truth = Predictions.Labels(strategy.MbY);
        var tasks = Predictions.Labels(strategy.MbTaskId);
        for (int i = 0; i < truth.Length; i++) _table.Update(predicted[i], truth[i], checked((int)tasks[i]));
        _phase = MetricNames.Phase(strategy);
        _stream = strategy.Experience.StreamName;
        _experience = strategy.Experience.CurrentExperience;
    }

    /// <inheritdoc/>
    protected override void Package(SupervisedTemplate strategy)
    {
        int? experience = EmitAt == MetricScope.Experience ? _experience : null;
        foreach (var (task, classes) in _table.Result())
            Emit(MetricValue.OfPerClass(MetricNames.Format(Name, _phase, _stream, task, experience), classes, strategy.Clock.TrainIterations));
    }
}

/// <summary>Class accuracy of each training minibatch (<c>Top1_ClassAcc_MB</c>).</summary>
[Checkpointable]
public sealed partial class MinibatchClassAccuracy() : ClassAccuracyPluginMetric(MetricScope.Iteration, MetricScope.Iteration, MetricMode.Train)
{
    /// <inheritdoc/>
    public override string Name => "Top1_ClassAcc_MB";
}

/// <summary>Class accuracy over each training epoch (<c>Top1_ClassAcc_Epoch</c>).</summary>
[Checkpointable]
public sealed partial class EpochClassAccuracy() : ClassAccuracyPluginMetric(MetricScope.Epoch, MetricScope.Epoch, MetricMode.Train)
{
    /// <inheritdoc/>
    public override string Name => "Top1_ClassAcc_Epoch";
}

/// <summary>Class accuracy on each evaluation experience (<c>Top1_ClassAcc_Exp</c>).</summary>
[Checkpointable]
public sealed partial class ExperienceClassAccuracy() : ClassAccuracyPluginMetric(MetricScope.Experience, MetricScope.Experience, MetricMode.Eval)
{
    /// <inheritdoc/>
    public override string Name => "Top1_ClassAcc_Exp";
}

/// <summary>Class accuracy over an evaluation stream (<c>Top1_ClassAcc_Stream</c>).</summary>
[Checkpointable]
public sealed partial class StreamClassAccuracy() : ClassAccuracyPluginMetric(MetricScope.Stream, MetricScope.Stream, MetricMode.Eval)
{
    /// <inheritdoc/>
    public override string Name => "Top1_ClassAcc_Stream";
}
