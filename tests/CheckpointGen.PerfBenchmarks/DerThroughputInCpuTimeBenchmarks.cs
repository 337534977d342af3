using CheckpointGen.PerfBenchmarks.Clocks;

namespace CheckpointGen.PerfBenchmarks;

/// <summary>
/// <see cref="DerThroughputBenchmarks"/> timed by the process's CPU time rather than wall time: what the
/// 0.95× comparison can rely on when other work shares the cores (docs/performance.md).
/// </summary>
/// <remarks>Run: <c>dotnet run -c Release --project tests/CheckpointGen.PerfBenchmarks -- --filter '*DerThroughputInCpuTime*' --iterationCount 15 --warmupCount 3</c></remarks>
[ProcessCpuTime]
public class DerThroughputInCpuTimeBenchmarks : DerThroughputBenchmarks;
