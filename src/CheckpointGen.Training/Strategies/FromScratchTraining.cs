using CheckpointGen.Training.Plugins;
using CheckpointGen.Training.Templates;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Strategies;

/// <summary>
/// From-scratch training (Avalanche's <c>FromScratchTraining</c>): the template with a
/// <see cref="FromScratchTrainingPlugin"/>, so every experience is learned from the initial weights with a fresh
/// optimizer — the baseline that neither transfers nor forgets through shared training.
/// </summary>
[Checkpointable]
public partial class FromScratchTraining : SupervisedTemplate
{
    /// <summary>Creates the strategy.</summary>
    /// <param name="model">The model.</param>
    /// <param name="optimizer">The optimizer over the model's parameters.</param>
    /// <param name="criterion">The loss.</param>
    /// <param name="resetOptimizer">Reset the optimizer's state before every experience (the options must then carry an <see cref="TemplateOptions.OptimizerFactory"/>).</param>
    /// <param name="options">The template's settings.</param>
    public FromScratchTraining(nn.Module model, optim.Optimizer optimizer, nn.Module<Tensor, Tensor, Tensor> criterion, bool resetOptimizer = true, TemplateOptions? options = null)
        : base(model, optimizer, criterion, Checked(options ?? new TemplateOptions(), resetOptimizer).WithStrategyPlugin(new FromScratchTrainingPlugin(resetOptimizer)))
    {
    }

    /// <summary>The strategy's plugin.</summary>
    public FromScratchTrainingPlugin Plugin => FindPlugin<FromScratchTrainingPlugin>() ?? throw new InvalidOperationException("The strategy's plugin is missing.");

    private static TemplateOptions Checked(TemplateOptions options, bool resetOptimizer) =>
        resetOptimizer && options.OptimizerFactory is null
            ? throw new ArgumentException("FromScratchTraining resets the optimizer with an optimizer built by options.OptimizerFactory; give one, or pass resetOptimizer: false.", nameof(options))
            : options;
}
