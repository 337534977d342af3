using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Training.Storage;
using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Plugins;

/// <summary>
/// Trains each experience on the data of every experience seen so far (Avalanche's
/// <c>Cumulative</c> strategy, as a plugin): the earlier experiences' data, then the current one.
/// </summary>
/// <remarks>
/// The data seen so far are kept as indices (<see cref="DatasetSelection"/>) and extended after each
/// experience, not when it starts, so that a run resumed inside an experience rebuilds the same dataset.
/// </remarks>
[Checkpointable]
public sealed partial class CumulativePlugin : IStrategyPlugin
{
    private readonly DatasetSelection _seen = new();

    /// <summary>The data of the experiences trained so far.</summary>
    public DatasetSelection Seen => _seen;

    void IStrategyPlugin.BeforeTrainDatasetAdaptation(SupervisedTemplate strategy)
    {
        var current = strategy.Experience.Dataset;
        _seen.Resolve(DatasetSelection.SourcesOf(current));
        if (_seen.View is { } seen)
            strategy.AdaptedDataset = DatasetView.Concat([seen, current], $"cumulative/exp{strategy.Experience.CurrentExperience}");
    }

    void IStrategyPlugin.AfterTrainingExp(SupervisedTemplate strategy)
    {
        var current = strategy.Experience.Dataset;
        _seen.Resolve(DatasetSelection.SourcesOf(current));
        _seen.Replace(_seen.View is { } seen ? DatasetView.Concat([seen, current], "cumulative") : current);
    }
}
