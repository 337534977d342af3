using CheckpointGen.Training.Plugins.Projection;
using CheckpointGen.Training.Templates;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Strategies;

/// <summary>Gradient Episodic Memory: the template with a <see cref="GemPlugin"/> (Avalanche's <c>GEM</c>).</summary>
[Checkpointable]
public partial class GEM : SupervisedTemplate
{
    /// <summary>Creates the strategy.</summary>
    public GEM(nn.Module model, optim.Optimizer optimizer, nn.Module<Tensor, Tensor, Tensor> criterion, int patternsPerExp,
        double memoryStrength = 0.5, TemplateOptions? options = null)
        : base(model, optimizer, criterion, (options ?? new TemplateOptions()).WithStrategyPlugin(new GemPlugin(patternsPerExp, memoryStrength)))
    {
    }

    /// <summary>The strategy's plugin.</summary>
    public GemPlugin Plugin => FindPlugin<GemPlugin>() ?? throw new InvalidOperationException("The strategy's plugin is missing.");
}
