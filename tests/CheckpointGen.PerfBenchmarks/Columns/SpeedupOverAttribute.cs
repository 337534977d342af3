using BenchmarkDotNet.Attributes;

namespace CheckpointGen.PerfBenchmarks.Columns;

/// <summary>Adds a <see cref="SpeedupOverColumn"/>: this benchmark's speed-up over the <paramref name="referencePrefix"/>* benchmark of its category.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class SpeedupOverAttribute(string referencePrefix, string columnName)
    : ColumnConfigBaseAttribute(new SpeedupOverColumn(referencePrefix, columnName));
