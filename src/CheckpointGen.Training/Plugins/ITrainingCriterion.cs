using CheckpointGen.Training.Templates;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Plugins;

/// <summary>
/// A plugin that computes the training loss of each minibatch instead of the template's criterion,
/// as Avalanche's strategies that override <c>training_epoch</c> or <c>criterion()</c> do (DER's
/// logit matching, ER-ACE's asymmetric cross-entropy, ER-AML's metric loss). The template calls it
/// after <see cref="IStrategyPlugin.AfterForward"/>; plugins may still add to the loss in
/// <see cref="IStrategyPlugin.BeforeBackward"/>. A strategy has at most one.
/// </summary>
public interface ITrainingCriterion
{
    /// <summary>The loss of the current minibatch (<see cref="SupervisedTemplate.MbOutput"/> is set).</summary>
    Tensor TrainingLoss(SupervisedTemplate strategy);
}
