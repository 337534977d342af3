using BenchmarkDotNet.Attributes;

namespace CheckpointGen.PerfBenchmarks.Columns;

/// <summary>
/// Adds an "MB/s" column to a benchmark class whose every benchmark moves
/// <paramref name="bytesPerOperation"/> bytes per invocation. The count must be a compile-time
/// constant because BenchmarkDotNet reads columns in the host process, not in the process that ran
/// the benchmark (a value computed in [GlobalSetup] would never reach the column).
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ThroughputColumnAttribute(long bytesPerOperation)
    : ColumnConfigBaseAttribute(new MegabytesPerSecondColumn(bytesPerOperation));
