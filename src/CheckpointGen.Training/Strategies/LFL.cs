using CheckpointGen.Training.Plugins.Regularization;
using CheckpointGen.Training.Templates;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Strategies;

/// <summary>Less-Forgetful Learning: the template with an <see cref="LflPlugin"/> (Avalanche's <c>LFL</c>); the model must be an <see cref="Models.IFeatureExtractor"/>.</summary>
[Checkpointable]
public partial class LFL : SupervisedTemplate
{
    /// <summary>Creates the strategy with one λ_e for every experience.</summary>
    public LFL(nn.Module model, optim.Optimizer optimizer, nn.Module<Tensor, Tensor, Tensor> criterion, double lambdaE, TemplateOptions? options = null)
        : base(model, optimizer, criterion, (options ?? new TemplateOptions()).WithStrategyPlugin(new LflPlugin(lambdaE)))
    {
    }

    /// <summary>Creates the strategy with one λ_e per experience.</summary>
    public LFL(nn.Module model, optim.Optimizer optimizer, nn.Module<Tensor, Tensor, Tensor> criterion, IReadOnlyList<double> lambdaE, TemplateOptions? options = null)
        : base(model, optimizer, criterion, (options ?? new TemplateOptions()).WithStrategyPlugin(new LflPlugin(lambdaE)))
    {
    }

    /// <summary>The strategy's plugin.</summary>
    public LflPlugin Plugin => FindPlugin<LflPlugin>() ?? throw new InvalidOperationException("The strategy's plugin is missing.");
}
