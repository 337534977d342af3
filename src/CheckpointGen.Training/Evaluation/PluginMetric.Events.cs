using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Evaluation;

// Every event as an overridable no-op, so that a metric family can build on another (BWT on forgetting).
public abstract partial class PluginMetric
{
    /// <inheritdoc/>
    public virtual void BeforeTraining(SupervisedTemplate strategy) { }

    /// <inheritdoc/>
    public virtual void BeforeTrainingExp(SupervisedTemplate strategy) { }

    /// <inheritdoc/>
    public virtual void BeforeTrainDatasetAdaptation(SupervisedTemplate strategy) { }

    /// <inheritdoc/>
    public virtual void AfterTrainDatasetAdaptation(SupervisedTemplate strategy) { }

    /// <inheritdoc/>
    public virtual void BeforeTrainingEpoch(SupervisedTemplate strategy) { }

    /// <inheritdoc/>
    public virtual void BeforeTrainingIteration(SupervisedTemplate strategy) { }

    /// <inheritdoc/>
    public virtual void BeforeForward(SupervisedTemplate strategy) { }

    /// <inheritdoc/>
    public virtual void AfterForward(SupervisedTemplate strategy) { }

    /// <inheritdoc/>
    public virtual void BeforeBackward(SupervisedTemplate strategy) { }

    /// <inheritdoc/>
    public virtual void AfterBackward(SupervisedTemplate strategy) { }

    /// <inheritdoc/>
    public virtual void BeforeUpdate(SupervisedTemplate strategy) { }

    /// <inheritdoc/>
    public virtual void AfterUpdate(SupervisedTemplate strategy) { }

    /// <inheritdoc/>
    public virtual void AfterTrainingIteration(SupervisedTemplate strategy) { }

    /// <inheritdoc/>
    public virtual void AfterTrainingEpoch(SupervisedTemplate strategy) { }

    /// <inheritdoc/>
    public virtual void AfterTrainingExp(SupervisedTemplate strategy) { }

    /// <inheritdoc/>
    public virtual void AfterTraining(SupervisedTemplate strategy) { }

    /// <inheritdoc/>
    public virtual void BeforeEval(SupervisedTemplate strategy) { }

    /// <inheritdoc/>
    public virtual void BeforeEvalDatasetAdaptation(SupervisedTemplate strategy) { }

    /// <inheritdoc/>
    public virtual void AfterEvalDatasetAdaptation(SupervisedTemplate strategy) { }

    /// <inheritdoc/>
    public virtual void BeforeEvalExp(SupervisedTemplate strategy) { }

    /// <inheritdoc/>
    public virtual void BeforeEvalIteration(SupervisedTemplate strategy) { }

    /// <inheritdoc/>
    public virtual void BeforeEvalForward(SupervisedTemplate strategy) { }

    /// <inheritdoc/>
    public virtual void AfterEvalForward(SupervisedTemplate strategy) { }

    /// <inheritdoc/>
    public virtual void AfterEvalIteration(SupervisedTemplate strategy) { }

    /// <inheritdoc/>
    public virtual void AfterEvalExp(SupervisedTemplate strategy) { }

    /// <inheritdoc/>
    public virtual void AfterEval(SupervisedTemplate strategy) { }
}
