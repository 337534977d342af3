using CheckpointGen.Training.Plugins.Rehearsal;
using CheckpointGen.Training.Templates;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Strategies;

/// <summary>ER-AML (Avalanche's <c>ER_AML</c>): the template with an <see cref="ErAmlPlugin"/>.</summary>
[Checkpointable]
public partial class ErAml : SupervisedTemplate
{
    /// <summary>Creates the strategy.</summary>
    /// <param name="model">The model.</param>
    /// <param name="optimizer">The optimizer over the model's parameters.</param>
    /// <param name="criterion">The loss before replay starts.</param>
    /// <param name="featureExtractor">Maps inputs to the features the contrastive term compares; null: the model's, when it is an <see cref="Models.IFeatureExtractor"/>.</param>
    /// <param name="memSize">Buffer capacity.</param>
    /// <param name="batchSizeMem">Memory samples per minibatch.</param>
    /// <param name="temperature">Supervised contrastive temperature.</param>
    /// <param name="baseTemperature">Supervised contrastive base temperature.</param>
    /// <param name="sameTaskNegatives">Draw negatives only from the incoming sample's task.</param>
    /// <param name="options">The template's settings.</param>
    public ErAml(nn.Module model, optim.Optimizer optimizer, nn.Module<Tensor, Tensor, Tensor> criterion, Func<Tensor, Tensor>? featureExtractor = null,
        int memSize = 200, int batchSizeMem = 10, double temperature = 0.1, double baseTemperature = 0.07, bool sameTaskNegatives = true,
        TemplateOptions? options = null)
        : base(model, optimizer, criterion, (options ?? new TemplateOptions()).WithStrategyPlugin(
            new ErAmlPlugin(featureExtractor ?? ErAmlPlugin.FeaturesOf(model), memSize, batchSizeMem, temperature, baseTemperature, sameTaskNegatives)))
    {
    }

    /// <summary>The strategy's plugin (buffer, memory streams).</summary>
    public ErAmlPlugin Plugin => FindPlugin<ErAmlPlugin>() ?? throw new InvalidOperationException("The strategy's plugin is missing.");
}
