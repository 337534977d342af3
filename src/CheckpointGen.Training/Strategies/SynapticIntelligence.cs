using CheckpointGen.Training.Plugins.Regularization;
using CheckpointGen.Training.Templates;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Strategies;

/// <summary>Synaptic Intelligence: the template with a <see cref="SynapticIntelligencePlugin"/> (Avalanche's <c>SynapticIntelligence</c>).</summary>
[Checkpointable]
public partial class SynapticIntelligence : SupervisedTemplate
{
    /// <summary>Creates the strategy with one λ for every experience.</summary>
    public SynapticIntelligence(nn.Module model, optim.Optimizer optimizer, nn.Module<Tensor, Tensor, Tensor> criterion, double siLambda,
        double eps = 1e-7, TemplateOptions? options = null)
        : base(model, optimizer, criterion, (options ?? new TemplateOptions()).WithStrategyPlugin(new SynapticIntelligencePlugin(siLambda, eps)))
    {
    }

    /// <summary>Creates the strategy with one λ per experience (the last repeated).</summary>
    public SynapticIntelligence(nn.Module model, optim.Optimizer optimizer, nn.Module<Tensor, Tensor, Tensor> criterion, IReadOnlyList<double> siLambda,
        double eps = 1e-7, TemplateOptions? options = null)
        : base(model, optimizer, criterion, (options ?? new TemplateOptions()).WithStrategyPlugin(new SynapticIntelligencePlugin(siLambda, eps)))
    {
    }

    /// <summary>The strategy's plugin.</summary>
    public SynapticIntelligencePlugin Plugin => FindPlugin<SynapticIntelligencePlugin>() ?? throw new InvalidOperationException("The strategy's plugin is missing.");
}
