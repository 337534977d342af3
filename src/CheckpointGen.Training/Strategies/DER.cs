using CheckpointGen.Training.Plugins.Rehearsal;
using CheckpointGen.Training.Templates;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Strategies;

/// <summary>
/// Dark Experience Replay (Avalanche's <c>DER</c>): the template with a <see cref="DerPlugin"/>. With
/// <c>beta</c> above 0 (Avalanche's default 0.5) it is DER++; with 0, DER.
/// </summary>
[Checkpointable]
public partial class DER : SupervisedTemplate
{
    /// <summary>Creates the strategy.</summary>
    /// <param name="model">The model (its output size must not change: the stored logits are compared with it).</param>
    /// <param name="optimizer">The optimizer over the model's parameters.</param>
    /// <param name="criterion">The loss when no memory minibatch is drawn yet.</param>
    /// <param name="memSize">Buffer capacity.</param>
    /// <param name="batchSizeMem">Memory samples per minibatch; 0: the training minibatch size.</param>
    /// <param name="alpha">Weight of the logit-matching term.</param>
    /// <param name="beta">Weight of the memory cross-entropy term (0: DER).</param>
    /// <param name="options">The template's settings.</param>
    public DER(nn.Module model, optim.Optimizer optimizer, nn.Module<Tensor, Tensor, Tensor> criterion, int memSize = 200, int batchSizeMem = 0,
        double alpha = 0.1, double beta = 0.5, TemplateOptions? options = null)
        : base(model, optimizer, criterion, (options ?? new TemplateOptions()).WithStrategyPlugin(new DerPlugin(memSize, batchSizeMem, alpha, beta)))
    {
    }

    /// <summary>The strategy's plugin (buffer, logits, memory stream).</summary>
    public DerPlugin Plugin => FindPlugin<DerPlugin>() ?? throw new InvalidOperationException("The strategy's plugin is missing.");
}
