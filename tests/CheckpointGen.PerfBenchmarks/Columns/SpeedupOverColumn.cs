using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace CheckpointGen.PerfBenchmarks.Columns;

/// <summary>
/// How many times faster a benchmark is than the benchmark of the same category whose method name
/// starts with <paramref name="referencePrefix"/> (reference mean ÷ this mean). BenchmarkDotNet's
/// Ratio column only compares against one baseline; this adds a second reference.
/// </summary>
public sealed class SpeedupOverColumn(string referencePrefix, string columnName) : IColumn
{
    public string Id => $"{nameof(SpeedupOverColumn)}.{referencePrefix}";

    public string ColumnName => columnName;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 1;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => $"Mean of the {referencePrefix}* benchmark of the same category divided by this benchmark's Mean (how many times faster)";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var reference = summary.BenchmarksCases.FirstOrDefault(other =>
            other.Descriptor.WorkloadMethod.Name.StartsWith(referencePrefix, StringComparison.Ordinal) &&
            other.Descriptor.Categories.SequenceEqual(benchmarkCase.Descriptor.Categories));
        double? referenceMean = reference is null ? null : summary[reference]?.ResultStatistics?.Mean;
        double? mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (referenceMean is null || mean is null or <= 0) return "NA";
        return (referenceMean.Value / mean.Value).ToString("N1", style.CultureInfo) + "×";
    }

    public override string ToString() => ColumnName;
}
