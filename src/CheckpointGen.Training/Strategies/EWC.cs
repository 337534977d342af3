using CheckpointGen.Training.Plugins.Regularization;
using CheckpointGen.Training.Templates;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Strategies;

/// <summary>Elastic Weight Consolidation: the template with an <see cref="EwcPlugin"/> (Avalanche's <c>EWC</c>).</summary>
[Checkpointable]
public partial class EWC : SupervisedTemplate
{
    /// <summary>Creates the strategy (see <see cref="EwcPlugin(double, EwcMode, double?, bool)"/> for the parameters).</summary>
    public EWC(nn.Module model, optim.Optimizer optimizer, nn.Module<Tensor, Tensor, Tensor> criterion, double ewcLambda,
        EwcMode mode = EwcMode.Separate, double? decayFactor = null, bool keepImportanceData = false, TemplateOptions? options = null)
        : base(model, optimizer, criterion, (options ?? new TemplateOptions()).WithStrategyPlugin(new EwcPlugin(ewcLambda, mode, decayFactor, keepImportanceData)))
    {
    }

    /// <summary>The strategy's plugin.</summary>
    public EwcPlugin Plugin => FindPlugin<EwcPlugin>() ?? throw new InvalidOperationException("The strategy's plugin is missing.");
}
