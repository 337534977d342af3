using System.Runtime.CompilerServices;
using CheckpointGen.Training.Templates;
using static TorchSharp.torch.optim.lr_scheduler;

namespace CheckpointGen.Training.Plugins;

/// <summary>When <see cref="LRSchedulerPlugin"/> steps its scheduler.</summary>
public enum SchedulerStepGranularity
{
    /// <summary>After every training epoch.</summary>
    Epoch,

    /// <summary>After every training iteration.</summary>
    Iteration,
}

/// <summary>
/// Avalanche's <c>LRSchedulerPlugin</c>: steps a TorchSharp learning-rate scheduler after every
/// training epoch (or iteration) and, after each experience, optionally puts the optimizer's
/// learning rates back to the scheduler's base rates and restarts the scheduler's count.
/// </summary>
/// <remarks>
/// The scheduler is saved with the plugin by the runtime's scheduler codec (step count, base and
/// last rates); the optimizer's rates are saved with the optimizer. The scheduler drives the
/// optimizer it was built over: with a dynamic model whose growth replaces the template's optimizer,
/// build the scheduler over the optimizer in use.
/// </remarks>
[Checkpointable]
public sealed partial class LRSchedulerPlugin : IStrategyPlugin
{
    private readonly LRScheduler _scheduler;
    [CheckpointConfiguration] private readonly bool _resetScheduler;
    [CheckpointConfiguration] private readonly bool _resetLr;
    [CheckpointConfiguration] private readonly SchedulerStepGranularity _stepGranularity;

    /// <summary>Creates the plugin.</summary>
    /// <param name="scheduler">The scheduler, built over the strategy's optimizer.</param>
    /// <param name="resetScheduler">After each experience, restart the scheduler's step count at 0.</param>
    /// <param name="resetLr">After each experience, put the optimizer's learning rates back to the scheduler's base rates.</param>
    /// <param name="stepGranularity">Step after every epoch or every iteration.</param>
    public LRSchedulerPlugin(LRScheduler scheduler, bool resetScheduler = true, bool resetLr = true,
        SchedulerStepGranularity stepGranularity = SchedulerStepGranularity.Epoch)
    {
        _scheduler = scheduler ?? throw new ArgumentNullException(nameof(scheduler));
        _resetScheduler = resetScheduler;
        _resetLr = resetLr;
        _stepGranularity = stepGranularity;
    }

    /// <summary>The scheduler.</summary>
    public LRScheduler Scheduler => _scheduler;

    void IStrategyPlugin.AfterTrainingEpoch(SupervisedTemplate strategy)
    {
        if (_stepGranularity == SchedulerStepGranularity.Epoch) _scheduler.step();
    }

    void IStrategyPlugin.AfterTrainingIteration(SupervisedTemplate strategy)
    {
        if (_stepGranularity == SchedulerStepGranularity.Iteration) _scheduler.step();
    }

    void IStrategyPlugin.AfterTrainingExp(SupervisedTemplate strategy)
    {
        if (_resetLr)
        {
            var baseRates = BaseLearningRates(_scheduler)
                ?? throw new InvalidOperationException("The scheduler has no base learning rates to reset the optimizer to.");
            int i = 0;
            foreach (var group in strategy.Optimizer.ParamGroups)
            {
                if (i >= baseRates.Count) break;
                group.LearningRate = baseRates[i++];
            }
        }
        if (_resetScheduler) LastEpoch(_scheduler) = 0;
    }

    // TorchSharp keeps these private with no setter; Avalanche resets them through Python attributes.
    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_last_epoch")]
    private static extern ref int LastEpoch(LRScheduler scheduler);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_base_lrs")]
    private static extern ref IList<double>? BaseLearningRates(LRScheduler scheduler);
}
