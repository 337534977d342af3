using CheckpointGen.Training.Optimizers;
using CheckpointGen.Training.Plugins;
using CheckpointGen.Training.Templates;

namespace Baselines;

/// <summary>
/// Gives the strategy's Adam fresh state (step 0, zero moments) before every training experience, as the
/// faithful multi-head model gets when its new head makes the template rebuild the optimizer. Holds no state.
/// </summary>
internal sealed class ResetOptimizerStatePlugin : IStrategyPlugin
{
    public void BeforeTrainingExp(SupervisedTemplate strategy)
    {
        var fresh = new GcSafeAdam(strategy.Model.parameters(), 1e-3);
        if (strategy.Optimizer is not TorchSharp.Modules.OptimizerHelper optimizer)
            throw new InvalidOperationException($"Cannot reset the state of a {strategy.Optimizer.GetType().Name}.");
        optimizer.load_state_dict(fresh.state_dict());
    }
}
