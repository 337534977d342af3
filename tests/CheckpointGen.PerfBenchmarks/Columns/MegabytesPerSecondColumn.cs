using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace CheckpointGen.PerfBenchmarks.Columns;

/// <summary>Throughput from the mean time of one operation: bytes per operation / mean, in MB/s (10^6 bytes per second).</summary>
public sealed class MegabytesPerSecondColumn(long bytesPerOperation) : IColumn
{
    public string Id => $"{nameof(MegabytesPerSecondColumn)}.{bytesPerOperation}";

    public string ColumnName => "MB/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => $"Throughput: {bytesPerOperation:N0} bytes per operation divided by Mean, in 10^6 bytes per second";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var statistics = summary[benchmarkCase]?.ResultStatistics;
        if (statistics is null || statistics.Mean <= 0) return "NA";
        double seconds = statistics.Mean / 1e9; // BenchmarkDotNet reports nanoseconds
        return (bytesPerOperation / seconds / 1e6).ToString("N0", style.CultureInfo);
    }

    public override string ToString() => ColumnName;
}
