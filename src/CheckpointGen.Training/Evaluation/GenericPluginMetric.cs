using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Evaluation;

/// <summary>
/// Avalanche's GenericPluginMetric: a standalone value that is updated after every minibatch of its
/// phase, reset at one scope and emitted at another. Minibatch/epoch/experience/stream variants of
/// accuracy, loss, timing, RAM and CPU usage are this class with different scopes.
/// </summary>
[Checkpointable]
public abstract partial class GenericPluginMetric : PluginMetric
{
    private readonly MetricScope _resetAt;
    private readonly MetricScope _emitAt;
    private readonly MetricMode _mode;

    /// <summary>Creates the metric; the scopes must make sense for the mode (no epochs in evaluation, never emit "never").</summary>
    protected GenericPluginMetric(MetricScope resetAt, MetricScope emitAt, MetricMode mode)
    {
        if (emitAt == MetricScope.Never) throw new ArgumentException("A metric must be emitted at some scope, not Never.", nameof(emitAt));
        if (mode == MetricMode.Eval && (resetAt == MetricScope.Epoch || emitAt == MetricScope.Epoch))
            throw new ArgumentException("Evaluation metrics have no epochs: use Iteration, Experience or Stream.", nameof(mode));
        _resetAt = resetAt;
        _emitAt = emitAt;
        _mode = mode;
    }

    /// <summary>When the metric resets.</summary>
    public MetricScope ResetAt => _resetAt;

    /// <summary>When the metric emits.</summary>
    public MetricScope EmitAt => _emitAt;

    /// <summary>The phase measured.</summary>
    public MetricMode Mode => _mode;

    /// <summary>Forgets what was accumulated.</summary>
    public abstract void Reset();

    /// <summary>The current value.</summary>
    public abstract double Result();

    /// <summary>Accumulates the minibatch that just ran.</summary>
    protected abstract void Update(SupervisedTemplate strategy);

    /// <summary>Emits the current value (Avalanche's _package_result: the experience id only for experience-level metrics).</summary>
    protected virtual void Package(SupervisedTemplate strategy) => EmitScalar(strategy, Result(), addExperience: _emitAt == MetricScope.Experience);

    private bool Resets(MetricScope scope, MetricMode mode) => _resetAt == scope && _mode == mode;

    private bool Emits(MetricScope scope, MetricMode mode) => _emitAt == scope && _mode == mode;

    /// <inheritdoc/>
    public override void BeforeTraining(SupervisedTemplate strategy) { if (Resets(MetricScope.Stream, MetricMode.Train)) Reset(); }

    /// <inheritdoc/>
    public override void BeforeTrainingExp(SupervisedTemplate strategy)
    {
        if (Resets(MetricScope.Experience, MetricMode.Train) && !strategy.IsResumingExperience) Reset();
    }

    /// <inheritdoc/>
    public override void BeforeTrainingEpoch(SupervisedTemplate strategy)
    {
        // A resumed run re-enters the epoch that was under way: keep what it accumulated.
        if (Resets(MetricScope.Epoch, MetricMode.Train) && !strategy.IsResumingEpoch) Reset();
    }

    /// <inheritdoc/>
    public override void BeforeTrainingIteration(SupervisedTemplate strategy) { if (Resets(MetricScope.Iteration, MetricMode.Train)) Reset(); }

    /// <inheritdoc/>
    public override void AfterTrainingIteration(SupervisedTemplate strategy)
    {
        if (_mode == MetricMode.Train) Update(strategy);
        if (Emits(MetricScope.Iteration, MetricMode.Train)) Package(strategy);
    }

    /// <inheritdoc/>
    public override void AfterTrainingEpoch(SupervisedTemplate strategy) { if (Emits(MetricScope.Epoch, MetricMode.Train)) Package(strategy); }

    /// <inheritdoc/>
    public override void AfterTrainingExp(SupervisedTemplate strategy) { if (Emits(MetricScope.Experience, MetricMode.Train)) Package(strategy); }

    /// <inheritdoc/>
    public override void AfterTraining(SupervisedTemplate strategy) { if (Emits(MetricScope.Stream, MetricMode.Train)) Package(strategy); }

    /// <inheritdoc/>
    public override void BeforeEval(SupervisedTemplate strategy) { if (Resets(MetricScope.Stream, MetricMode.Eval)) Reset(); }

    /// <inheritdoc/>
    public override void BeforeEvalExp(SupervisedTemplate strategy) { if (Resets(MetricScope.Experience, MetricMode.Eval)) Reset(); }

    /// <inheritdoc/>
    public override void BeforeEvalIteration(SupervisedTemplate strategy) { if (Resets(MetricScope.Iteration, MetricMode.Eval)) Reset(); }

    /// <inheritdoc/>
    public override void AfterEvalIteration(SupervisedTemplate strategy)
    {
        if (_mode == MetricMode.Eval) Update(strategy);
        if (Emits(MetricScope.Iteration, MetricMode.Eval)) Package(strategy);
    }

    /// <inheritdoc/>
    public override void AfterEvalExp(SupervisedTemplate strategy) { if (Emits(MetricScope.Experience, MetricMode.Eval)) Package(strategy); }

    /// <inheritdoc/>
    public override void AfterEval(SupervisedTemplate strategy) { if (Emits(MetricScope.Stream, MetricMode.Eval)) Package(strategy); }
}
