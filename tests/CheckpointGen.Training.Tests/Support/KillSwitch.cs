using CheckpointGen.Training.Plugins;
using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Tests.Support;

/// <summary>Simulates a process killed after a given training iteration (the exception stands for SIGKILL: nothing after it runs).</summary>
[Checkpointable]
internal sealed partial class KillSwitch(long killAfterIteration) : IStrategyPlugin
{
    [CheckpointIgnore] private readonly long _killAfterIteration = killAfterIteration;

    void IStrategyPlugin.AfterTrainingIteration(SupervisedTemplate strategy)
    {
        if (strategy.Clock.TrainIterations + 1 == _killAfterIteration) throw new SimulatedKill();
    }
}

internal sealed class SimulatedKill : Exception;
