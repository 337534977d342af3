using CheckpointGen.Training.Plugins.Regularization;
using CheckpointGen.Training.Templates;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Strategies;

/// <summary>Learning without Forgetting: the template with an <see cref="LwFPlugin"/> (Avalanche's <c>LwF</c>).</summary>
[Checkpointable]
public partial class LwF : SupervisedTemplate
{
    /// <summary>Creates the strategy with one α for every experience.</summary>
    public LwF(nn.Module model, optim.Optimizer optimizer, nn.Module<Tensor, Tensor, Tensor> criterion, double alpha, double temperature,
        TemplateOptions? options = null)
        : base(model, optimizer, criterion, (options ?? new TemplateOptions()).WithStrategyPlugin(new LwFPlugin(alpha, temperature)))
    {
    }

    /// <summary>Creates the strategy with one α per experience.</summary>
    public LwF(nn.Module model, optim.Optimizer optimizer, nn.Module<Tensor, Tensor, Tensor> criterion, IReadOnlyList<double> alpha, double temperature,
        TemplateOptions? options = null)
        : base(model, optimizer, criterion, (options ?? new TemplateOptions()).WithStrategyPlugin(new LwFPlugin(alpha, temperature)))
    {
    }

    /// <summary>The strategy's plugin.</summary>
    public LwFPlugin Plugin => FindPlugin<LwFPlugin>() ?? throw new InvalidOperationException("The strategy's plugin is missing.");
}
