using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Evaluation.Metrics;

/// <summary>
/// Forgetting of each evaluation experience (Avalanche's ExperienceForgetting): the accuracy on it
/// when it was last trained on, minus the accuracy now. Emitted only for experiences that have both,
/// i.e. trained earlier and evaluated again: <c>ExperienceForgetting/eval_phase/test_stream/Task000/Exp000</c>.
/// </summary>
/// <remarks>
/// The accuracy right after training on an experience is its "initial" accuracy; every later
/// evaluation gives its "last" accuracy. The initial table is what makes a resumed run's forgetting
/// right, and it is checkpointed.
/// </remarks>
[Checkpointable]
public partial class ExperienceForgetting : PluginMetric
{
    private readonly ForgettingTable _table = new();
    private readonly Mean _currentAccuracy = new();
    private int _evalExpId = -1;
    private int? _trainExpId;

    /// <inheritdoc/>
    public override string Name => "ExperienceForgetting";

    /// <summary>+1 for forgetting, −1 for backward transfer (BWT = −forgetting).</summary>
    protected virtual double Sign => 1.0;

    /// <summary>Forgetting (or BWT) of every experience that has both an initial and a last accuracy.</summary>
    public IReadOnlyDictionary<int, double> Result() => _table.Differences().ToDictionary(p => p.Key, p => Sign * p.Value);

    /// <summary>The table of initial and last accuracies.</summary>
    protected ForgettingTable Table => _table;

    /// <summary>The experience being evaluated.</summary>
    protected int EvalExpId => _evalExpId;

    /// <inheritdoc/>
    public override void BeforeTrainingExp(SupervisedTemplate strategy) => _trainExpId = strategy.Experience.CurrentExperience;

    /// <inheritdoc/>
    public override void BeforeEval(SupervisedTemplate strategy) => _table.ResetLast();

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
        RecordAccuracy();
        if (_table.Difference(_evalExpId) is { } forgetting)
            Emit(MetricValue.Scalar(MetricNames.For(Name, strategy, addExperience: true), Sign * forgetting, strategy.Clock.TrainIterations));
    }

    /// <inheritdoc/>
    public override void AfterEval(SupervisedTemplate strategy) => _evalExpId = -1;

    /// <summary>Stores the accuracy just measured as the experience's initial (just trained) or last accuracy.</summary>
    protected void RecordAccuracy()
    {
        if (_evalExpId < 0) throw new InvalidOperationException($"{Name}: the evaluation experience ran no minibatch; forgetting needs at least one.");
        _table.Record(_evalExpId, _currentAccuracy.Result(), initial: _trainExpId == _evalExpId);
    }
}

/// <summary>Backward transfer of each evaluation experience (Avalanche's ExperienceBWT): minus its forgetting.</summary>
[Checkpointable]
public sealed partial class ExperienceBWT : ExperienceForgetting
{
    /// <inheritdoc/>
    public override string Name => "ExperienceBWT";

    /// <inheritdoc/>
    protected override double Sign => -1.0;
}
