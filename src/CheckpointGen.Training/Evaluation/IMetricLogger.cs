using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Evaluation;

/// <summary>
/// Receives, after every event of the template, the metric values emitted during it (Avalanche's
/// BaseLogger with its plugin callbacks): text, CSV, TensorBoard, progress bars, reports.
/// </summary>
/// <remarks>
/// Marked <see cref="RequiresCheckpointingAttribute"/>: a logger is part of the strategy's checkpoint, so
/// what it has written (file lengths, pending lines, steps) comes back on resume and nothing is written
/// twice.
/// </remarks>
[RequiresCheckpointing]
public interface IMetricLogger
{
    /// <summary>Called once per event, after the metrics; <paramref name="values"/> may be empty.</summary>
    void OnEvent(StrategyEvent strategyEvent, SupervisedTemplate strategy, IReadOnlyList<MetricValue> values);
}
