using CheckpointGen.Training.Plugins.Regularization;
using CheckpointGen.Training.Templates;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Strategies;

/// <summary>Memory Aware Synapses: the template with a <see cref="MasPlugin"/> (Avalanche's <c>MAS</c>).</summary>
[Checkpointable]
public partial class MAS : SupervisedTemplate
{
    /// <summary>Creates the strategy.</summary>
    public MAS(nn.Module model, optim.Optimizer optimizer, nn.Module<Tensor, Tensor, Tensor> criterion, double lambdaReg = 1,
        double alpha = 0.5, TemplateOptions? options = null)
        : base(model, optimizer, criterion, (options ?? new TemplateOptions()).WithStrategyPlugin(new MasPlugin(lambdaReg, alpha)))
    {
    }

    /// <summary>The strategy's plugin.</summary>
    public MasPlugin Plugin => FindPlugin<MasPlugin>() ?? throw new InvalidOperationException("The strategy's plugin is missing.");
}
