using CheckpointGen.Training.Models;
using CheckpointGen.Training.Plugins.Generative;
using CheckpointGen.Training.Templates;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Strategies;

/// <summary>
/// Trains an <see cref="MlpVae"/> (Avalanche's <c>VAETraining</c>): the template with the <see cref="VaeLoss"/> of the
/// output and the minibatch's inputs (<see cref="ReconstructionCriterion"/>). It has no metrics and is trained, not
/// evaluated: its loss needs the inputs, which the template's evaluation does not pass.
/// </summary>
[Checkpointable]
public partial class VaeTraining : SupervisedTemplate
{
    /// <summary>Creates the strategy.</summary>
    /// <param name="model">The VAE.</param>
    /// <param name="optimizer">The optimizer over its parameters.</param>
    /// <param name="options">The template's settings (plugins such as a generator's <see cref="GenerativeReplayPlugin"/>).</param>
    public VaeTraining(MlpVae model, optim.Optimizer optimizer, TemplateOptions? options = null)
        : base(model, optimizer, new VaeLoss(model), (options ?? new TemplateOptions()).WithStrategyPlugin(new ReconstructionCriterion()))
    {
    }
}
