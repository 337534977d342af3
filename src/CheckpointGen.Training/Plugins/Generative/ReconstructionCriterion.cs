using CheckpointGen.Training.Templates;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Plugins.Generative;

/// <summary>
/// Computes the training loss as the template's criterion of the output and the minibatch's inputs rather than its
/// labels: what a generative model's training needs (Avalanche's <c>VAETraining.criterion</c>, <c>criterion(mb_x, mb_output)</c>).
/// </summary>
[Checkpointable]
public sealed partial class ReconstructionCriterion : IStrategyPlugin, ITrainingCriterion
{
    Tensor ITrainingCriterion.TrainingLoss(SupervisedTemplate strategy) => strategy.Criterion.call(strategy.MbOutput, strategy.MbX);
}
