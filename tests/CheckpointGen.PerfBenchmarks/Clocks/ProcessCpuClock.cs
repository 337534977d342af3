using Perfolizer.Horology;

namespace CheckpointGen.PerfBenchmarks.Clocks;

/// <summary>
/// A BenchmarkDotNet clock that reads the CPU time this process has used (all its threads, user and
/// kernel) instead of wall time. On a machine shared with other work, wall time also counts the time the
/// benchmark waited for a core; CPU time counts only the work done, so two benchmarks measured minutes
/// apart under a changing load can still be compared.
/// </summary>
public sealed class ProcessCpuClock : IClock
{
    /// <summary>The clock.</summary>
    public static readonly ProcessCpuClock Instance = new();

    private ProcessCpuClock()
    {
    }

    /// <inheritdoc/>
    public string Title => "Process CPU time";

    /// <inheritdoc/>
    public bool IsAvailable => true;

    /// <inheritdoc/>
    public Frequency Frequency => new(TimeSpan.TicksPerSecond);

    /// <inheritdoc/>
    public long GetTimestamp() => Environment.CpuUsage.TotalTime.Ticks;
}
