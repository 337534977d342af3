using CheckpointGen.Training.Plugins;
using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Tests.Support;

/// <summary>Records the size of every training minibatch (after replay plugins added their samples).</summary>
internal sealed class MinibatchSizes(List<long> sizes) : IStrategyPlugin
{
    void IStrategyPlugin.BeforeForward(SupervisedTemplate strategy) => sizes.Add(strategy.MbX.shape[0]);
}
