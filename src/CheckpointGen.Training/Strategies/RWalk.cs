using CheckpointGen.Training.Plugins.Regularization;
using CheckpointGen.Training.Templates;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Strategies;

/// <summary>Riemannian Walk: the template with an <see cref="RWalkPlugin"/> (Avalanche's <c>Naive</c> with <c>RWalkPlugin</c>).</summary>
[Checkpointable]
public partial class RWalk : SupervisedTemplate
{
    /// <summary>Creates the strategy (see <see cref="RWalkPlugin(double, double, int)"/> for the parameters).</summary>
    public RWalk(nn.Module model, optim.Optimizer optimizer, nn.Module<Tensor, Tensor, Tensor> criterion,
        double ewcLambda = 0.1, double ewcAlpha = 0.9, int deltaT = 10, TemplateOptions? options = null)
        : base(model, optimizer, criterion, (options ?? new TemplateOptions()).WithStrategyPlugin(new RWalkPlugin(ewcLambda, ewcAlpha, deltaT)))
    {
    }

    /// <summary>The strategy's plugin.</summary>
    public RWalkPlugin Plugin => FindPlugin<RWalkPlugin>() ?? throw new InvalidOperationException("The strategy's plugin is missing.");
}
