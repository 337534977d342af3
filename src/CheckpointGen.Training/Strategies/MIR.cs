using CheckpointGen.Training.Plugins.Rehearsal;
using CheckpointGen.Training.Templates;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Strategies;

/// <summary>
/// Maximally Interfered Retrieval: the template with a <see cref="MirPlugin"/> (Avalanche has no MIR
/// strategy class; its baselines use <c>Naive</c> with a <c>MIRPlugin</c>, which is what this is).
/// </summary>
[Checkpointable]
public partial class MIR : SupervisedTemplate
{
    /// <summary>Creates the strategy.</summary>
    /// <param name="model">The model.</param>
    /// <param name="optimizer">The optimizer over the model's parameters (its first learning rate is the virtual step's).</param>
    /// <param name="criterion">The loss; a <c>CrossEntropyLoss</c> (MIR scores samples with its per-sample values).</param>
    /// <param name="batchSizeMem">Memory samples whose loss is added to each minibatch's.</param>
    /// <param name="memSize">Buffer capacity.</param>
    /// <param name="subsample">Memory samples scored per minibatch.</param>
    /// <param name="options">The template's settings.</param>
    public MIR(nn.Module model, optim.Optimizer optimizer, nn.Module<Tensor, Tensor, Tensor> criterion, int batchSizeMem = 10, int memSize = 200, int subsample = 200,
        TemplateOptions? options = null)
        : base(model, optimizer, criterion, (options ?? new TemplateOptions()).WithStrategyPlugin(new MirPlugin(batchSizeMem, memSize, subsample)))
    {
    }

    /// <summary>The strategy's plugin (buffer, memory stream).</summary>
    public MirPlugin Plugin => FindPlugin<MirPlugin>() ?? throw new InvalidOperationException("The strategy's plugin is missing.");
}
