using CheckpointGen.Training.Plugins.Rehearsal;
using CheckpointGen.Training.Templates;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Strategies;

/// <summary>ER-ACE (Avalanche's <c>ER_ACE</c>): the template with an <see cref="ErAcePlugin"/>.</summary>
[Checkpointable]
public partial class ErAce : SupervisedTemplate
{
    /// <summary>Creates the strategy.</summary>
    /// <param name="model">The model.</param>
    /// <param name="optimizer">The optimizer over the model's parameters.</param>
    /// <param name="criterion">The loss before replay starts.</param>
    /// <param name="memSize">Buffer capacity.</param>
    /// <param name="batchSizeMem">Memory samples per minibatch.</param>
    /// <param name="options">The template's settings.</param>
    public ErAce(nn.Module model, optim.Optimizer optimizer, nn.Module<Tensor, Tensor, Tensor> criterion, int memSize = 200, int batchSizeMem = 10,
        TemplateOptions? options = null)
        : base(model, optimizer, criterion, (options ?? new TemplateOptions()).WithStrategyPlugin(new ErAcePlugin(memSize, batchSizeMem)))
    {
    }

    /// <summary>The strategy's plugin (buffer, memory stream).</summary>
    public ErAcePlugin Plugin => FindPlugin<ErAcePlugin>() ?? throw new InvalidOperationException("The strategy's plugin is missing.");
}
