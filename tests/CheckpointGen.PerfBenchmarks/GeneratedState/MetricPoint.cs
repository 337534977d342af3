namespace CheckpointGen.PerfBenchmarks.GeneratedState;

/// <summary>One point of a metric curve: the training step (x) and the metric's value there.</summary>
[Checkpointable]
public partial record struct MetricPoint(long Step, double Value);
