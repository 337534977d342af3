using CheckpointGen.Training.Plugins.Projection;
using CheckpointGen.Training.Templates;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Strategies;

/// <summary>Averaged Gradient Episodic Memory: the template with an <see cref="AgemPlugin"/> (Avalanche's <c>AGEM</c>).</summary>
[Checkpointable]
public partial class AGEM : SupervisedTemplate
{
    /// <summary>Creates the strategy.</summary>
    public AGEM(nn.Module model, optim.Optimizer optimizer, nn.Module<Tensor, Tensor, Tensor> criterion, int patternsPerExp,
        int sampleSize = 64, TemplateOptions? options = null)
        : base(model, optimizer, criterion, (options ?? new TemplateOptions()).WithStrategyPlugin(new AgemPlugin(patternsPerExp, sampleSize)))
    {
    }

    /// <summary>The strategy's plugin.</summary>
    public AgemPlugin Plugin => FindPlugin<AgemPlugin>() ?? throw new InvalidOperationException("The strategy's plugin is missing.");
}
