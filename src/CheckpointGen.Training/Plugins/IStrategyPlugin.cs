using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Plugins;

/// <summary>
/// Something that reacts to the events of a training template: a strategy's regularizer or replay,
/// a metric, a logger, the checkpoint plugin. Every method has an empty default, so a plugin
/// implements only the events it needs. The events and their order are Avalanche's.
/// </summary>
/// <remarks>
/// Marked <see cref="RequiresCheckpointingAttribute"/>: an implementation that keeps mutable state
/// must be <c>[Checkpointable]</c> (the analyzer warns otherwise, CKPT0003), so that a resumed run
/// restores it.
/// </remarks>
[RequiresCheckpointing]
public interface IStrategyPlugin
{
    /// <summary>Before <see cref="SupervisedTemplate.Train"/> starts.</summary>
    void BeforeTraining(SupervisedTemplate strategy) { }

    /// <summary>Before the training experience starts (after dataset and model adaptation).</summary>
    void BeforeTrainingExp(SupervisedTemplate strategy) { }

    /// <summary>Before the training dataset of the experience is adapted (replay and cumulative strategies change it here).</summary>
    void BeforeTrainDatasetAdaptation(SupervisedTemplate strategy) { }

    /// <summary>After the training dataset of the experience has been adapted.</summary>
    void AfterTrainDatasetAdaptation(SupervisedTemplate strategy) { }

    /// <summary>Before each training epoch.</summary>
    void BeforeTrainingEpoch(SupervisedTemplate strategy) { }

    /// <summary>Before each training iteration (a minibatch is loaded).</summary>
    void BeforeTrainingIteration(SupervisedTemplate strategy) { }

    /// <summary>Before the forward pass.</summary>
    void BeforeForward(SupervisedTemplate strategy) { }

    /// <summary>After the forward pass (<see cref="SupervisedTemplate.MbOutput"/> is set).</summary>
    void AfterForward(SupervisedTemplate strategy) { }

    /// <summary>Before the backward pass: regularizers add their penalty to <see cref="SupervisedTemplate.Loss"/> here.</summary>
    void BeforeBackward(SupervisedTemplate strategy) { }

    /// <summary>After the backward pass (gradients are set).</summary>
    void AfterBackward(SupervisedTemplate strategy) { }

    /// <summary>Before the optimizer step (gradient projections happen here).</summary>
    void BeforeUpdate(SupervisedTemplate strategy) { }

    /// <summary>After the optimizer step.</summary>
    void AfterUpdate(SupervisedTemplate strategy) { }

    /// <summary>After each training iteration.</summary>
    void AfterTrainingIteration(SupervisedTemplate strategy) { }

    /// <summary>After each training epoch.</summary>
    void AfterTrainingEpoch(SupervisedTemplate strategy) { }

    /// <summary>After the training experience.</summary>
    void AfterTrainingExp(SupervisedTemplate strategy) { }

    /// <summary>After <see cref="SupervisedTemplate.Train"/> ends.</summary>
    void AfterTraining(SupervisedTemplate strategy) { }

    /// <summary>Before <see cref="SupervisedTemplate.Eval(CheckpointGen.Benchmarks.Scenarios.ExperienceStream)"/> starts.</summary>
    void BeforeEval(SupervisedTemplate strategy) { }

    /// <summary>Before the evaluation dataset of an experience is adapted.</summary>
    void BeforeEvalDatasetAdaptation(SupervisedTemplate strategy) { }

    /// <summary>After the evaluation dataset of an experience has been adapted.</summary>
    void AfterEvalDatasetAdaptation(SupervisedTemplate strategy) { }

    /// <summary>Before each evaluation experience.</summary>
    void BeforeEvalExp(SupervisedTemplate strategy) { }

    /// <summary>Before each evaluation iteration.</summary>
    void BeforeEvalIteration(SupervisedTemplate strategy) { }

    /// <summary>Before the evaluation forward pass.</summary>
    void BeforeEvalForward(SupervisedTemplate strategy) { }

    /// <summary>After the evaluation forward pass.</summary>
    void AfterEvalForward(SupervisedTemplate strategy) { }

    /// <summary>After each evaluation iteration (<see cref="SupervisedTemplate.Loss"/> holds the minibatch loss).</summary>
    void AfterEvalIteration(SupervisedTemplate strategy) { }

    /// <summary>After each evaluation experience.</summary>
    void AfterEvalExp(SupervisedTemplate strategy) { }

    /// <summary>After <see cref="SupervisedTemplate.Eval(CheckpointGen.Benchmarks.Scenarios.ExperienceStream)"/> ends.</summary>
    void AfterEval(SupervisedTemplate strategy) { }

    /// <summary>
    /// Not an Avalanche event: fired after the last handler of an iteration or an evaluation phase,
    /// when the whole run's state is consistent. The checkpoint plugin saves here; other plugins
    /// rarely need it.
    /// </summary>
    void OnCheckpointPoint(SupervisedTemplate strategy, CheckpointPoint point) { }
}
