using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Plugins;

/// <summary>
/// Gives the optimizer fresh state (step 0, no moments) before every training experience, with the settings of
/// <see cref="TemplateOptions.OptimizerFactory"/>: what Avalanche's <c>make_optimizer</c> did for every strategy up
/// to version 0.4 (<c>reset_optimizer</c>), the version continual-learning-baselines' published figures come from.
/// Later Avalanche versions keep the state unless asked; so does the template without this plugin.
/// </summary>
/// <remarks>A run resumed inside an experience keeps the optimizer state its checkpoint holds. Holds no state.</remarks>
[Checkpointable]
public sealed partial class ResetOptimizerPlugin : IStrategyPlugin
{
    void IStrategyPlugin.BeforeTraining(SupervisedTemplate strategy)
    {
        if (strategy.OptimizerFactory is null)
            throw new InvalidOperationException("ResetOptimizerPlugin builds the fresh optimizer with TemplateOptions.OptimizerFactory; give one (the same settings as the strategy's optimizer).");
    }

    void IStrategyPlugin.BeforeTrainingExp(SupervisedTemplate strategy)
    {
        if (!strategy.IsResumingExperience) strategy.ResetOptimizer();
    }
}
