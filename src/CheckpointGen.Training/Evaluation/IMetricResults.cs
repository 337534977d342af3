namespace CheckpointGen.Training.Evaluation;

/// <summary>An evaluator that can tell the last value of every metric (what <see cref="Templates.SupervisedTemplate.Eval(Benchmarks.Scenarios.ExperienceStream)"/> returns).</summary>
public interface IMetricResults
{
    /// <summary>A copy of the last value emitted under each metric name.</summary>
    IReadOnlyDictionary<string, MetricValue> LastResults { get; }
}
