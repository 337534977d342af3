using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using CheckpointGen.PerfBenchmarks.Columns;
using CheckpointGen.PerfBenchmarks.GeneratedState;
using CheckpointGen.PerfBenchmarks.HandWritten;

namespace CheckpointGen.PerfBenchmarks;

/// <summary>
/// Save + restore of plugin state through the code the source generator emits
/// (<c>Checkpoint.Save(root, stream)</c>, then <c>Checkpoint.Restore(fresh, stream)</c>), beside
/// System.Text.Json with reflection (default options) and beside a hand-written
/// BinaryWriter/BinaryReader version of the same state (each category's baseline, so Ratio is
/// time ÷ hand-written; "vs STJ" is how many times faster than System.Text.Json).
/// </summary>
/// <remarks>
/// Everything goes to and from one reused MemoryStream, so no disk is involved. Every variant
/// restores into new objects (what a process resuming from a checkpoint does), so each one
/// allocates the whole state on restore. [GlobalSetup] first proves that every variant restores
/// exactly what it saved.
/// </remarks>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 10)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[SpeedupOver("SystemTextJson", "vs STJ")]
public class GeneratedCodeBenchmarks
{
    private const string Replay = "Replay: 10k samples x 784 floats";
    private const string Columnar = "Replay, columnar";
    private const string Metrics = "Metrics: 50 curves x 200 pts + dicts";
    private const string OpenReplay = "Replay, unsealed class: 10k samples";
    private const string StructMap = "Dictionary<int, struct>: 10k entries";
    private const string ObjectMap = "Dictionary<int, sealed class>: 10k entries";

    public const int SampleCount = 10_000;
    public const int PixelsPerSample = 784;

    private readonly MemoryStream _stream = new();
    private ReplayBuffer _replay = null!;
    private ColumnarReplayBuffer _columnar = null!;
    private MetricsStore _metrics = null!;
    private OpenReplayBuffer _openReplay = null!;
    private SampleStatistics _structMap = null!;
    private SampleStatistics _objectMap = null!;

    [GlobalSetup]
    public void SetUp()
    {
        _replay = ReplayBuffer.Create(SampleCount, PixelsPerSample, seed: 1);
        _columnar = ColumnarReplayBuffer.From(_replay);
        _metrics = MetricsStore.Create(metricCount: 50, pointsPerMetric: 200, experiences: 10, seed: 2);
        _openReplay = OpenReplayBuffer.Create(SampleCount, PixelsPerSample, seed: 1);
        _structMap = SampleStatistics.Create(SampleCount, seed: 3, asObjects: false);
        _objectMap = SampleStatistics.Create(SampleCount, seed: 3, asObjects: true);

        StateEquality.AssertSame(_replay, HandWritten_ReplayBuffer(), nameof(HandWritten_ReplayBuffer));
        StateEquality.AssertSame(_replay, Generated_ReplayBuffer(), nameof(Generated_ReplayBuffer));
        StateEquality.AssertSame(_replay, SystemTextJson_ReplayBuffer(), nameof(SystemTextJson_ReplayBuffer));
        StateEquality.AssertSame(_columnar, HandWritten_Columnar(), nameof(HandWritten_Columnar));
        StateEquality.AssertSame(_columnar, Generated_Columnar(), nameof(Generated_Columnar));
        StateEquality.AssertSame(_metrics, HandWritten_Metrics(), nameof(HandWritten_Metrics));
        StateEquality.AssertSame(_metrics, Generated_Metrics(), nameof(Generated_Metrics));
        StateEquality.AssertSame(_metrics, SystemTextJson_Metrics(), nameof(SystemTextJson_Metrics));
        StateEquality.AssertSame(_openReplay, HandWritten_OpenReplay(), nameof(HandWritten_OpenReplay));
        StateEquality.AssertSame(_openReplay, Generated_OpenReplay(), nameof(Generated_OpenReplay));
        StateEquality.AssertSame(_structMap, HandWritten_StructMap(), nameof(HandWritten_StructMap));
        StateEquality.AssertSame(_structMap, Generated_StructMap(), nameof(Generated_StructMap));
        StateEquality.AssertSame(_objectMap, HandWritten_ObjectMap(), nameof(HandWritten_ObjectMap));
        StateEquality.AssertSame(_objectMap, Generated_ObjectMap(), nameof(Generated_ObjectMap));
    }

    [Benchmark(Baseline = true, Description = "Hand-written BinaryWriter")]
    [BenchmarkCategory(Replay)]
    public ReplayBuffer HandWritten_ReplayBuffer() =>
        HandWrittenRoundTrip(_replay, ReplayBufferBinaryFormat.Write, ReplayBufferBinaryFormat.Read);

    [Benchmark(Description = "CheckpointGen generated")]
    [BenchmarkCategory(Replay)]
    public ReplayBuffer Generated_ReplayBuffer() => GeneratedRoundTrip(_replay, new ReplayBuffer());

    [Benchmark(Description = "System.Text.Json")]
    [BenchmarkCategory(Replay)]
    public ReplayBuffer SystemTextJson_ReplayBuffer() => JsonRoundTrip(_replay);

    [Benchmark(Baseline = true, Description = "Hand-written BinaryWriter")]
    [BenchmarkCategory(Columnar)]
    public ColumnarReplayBuffer HandWritten_Columnar() =>
        HandWrittenRoundTrip(_columnar, ColumnarReplayBufferBinaryFormat.Write, ColumnarReplayBufferBinaryFormat.Read);

    [Benchmark(Description = "CheckpointGen generated")]
    [BenchmarkCategory(Columnar)]
    public ColumnarReplayBuffer Generated_Columnar() => GeneratedRoundTrip(_columnar, new ColumnarReplayBuffer());

    [Benchmark(Baseline = true, Description = "Hand-written BinaryWriter")]
    [BenchmarkCategory(Metrics)]
    public MetricsStore HandWritten_Metrics() =>
        HandWrittenRoundTrip(_metrics, MetricsStoreBinaryFormat.Write, MetricsStoreBinaryFormat.Read);

    [Benchmark(Description = "CheckpointGen generated")]
    [BenchmarkCategory(Metrics)]
    public MetricsStore Generated_Metrics() => GeneratedRoundTrip(_metrics, new MetricsStore());

    [Benchmark(Description = "System.Text.Json")]
    [BenchmarkCategory(Metrics)]
    public MetricsStore SystemTextJson_Metrics() => JsonRoundTrip(_metrics);

    [Benchmark(Baseline = true, Description = "Hand-written BinaryWriter")]
    [BenchmarkCategory(OpenReplay)]
    public OpenReplayBuffer HandWritten_OpenReplay() =>
        HandWrittenRoundTrip(_openReplay, ReplayBufferBinaryFormat.Write, ReplayBufferBinaryFormat.ReadOpen);

    [Benchmark(Description = "CheckpointGen generated")]
    [BenchmarkCategory(OpenReplay)]
    public OpenReplayBuffer Generated_OpenReplay() => GeneratedRoundTrip(_openReplay, new OpenReplayBuffer());

    [Benchmark(Baseline = true, Description = "Hand-written BinaryWriter")]
    [BenchmarkCategory(StructMap)]
    public SampleStatistics HandWritten_StructMap() =>
        HandWrittenRoundTrip(_structMap, SampleStatisticsBinaryFormat.Write, SampleStatisticsBinaryFormat.Read);

    [Benchmark(Description = "CheckpointGen generated")]
    [BenchmarkCategory(StructMap)]
    public SampleStatistics Generated_StructMap() => GeneratedRoundTrip(_structMap, new SampleStatistics());

    [Benchmark(Baseline = true, Description = "Hand-written BinaryWriter")]
    [BenchmarkCategory(ObjectMap)]
    public SampleStatistics HandWritten_ObjectMap() =>
        HandWrittenRoundTrip(_objectMap, SampleStatisticsBinaryFormat.Write, SampleStatisticsBinaryFormat.Read);

    [Benchmark(Description = "CheckpointGen generated")]
    [BenchmarkCategory(ObjectMap)]
    public SampleStatistics Generated_ObjectMap() => GeneratedRoundTrip(_objectMap, new SampleStatistics());

    private T GeneratedRoundTrip<T>(T state, T fresh) where T : class
    {
        Rewind();
        Checkpoint.Save(state, _stream);
        _stream.Position = 0;
        Checkpoint.Restore(fresh, _stream);
        return fresh;
    }

    private T JsonRoundTrip<T>(T state)
    {
        Rewind();
        JsonSerializer.Serialize(_stream, state);
        _stream.Position = 0;
        return JsonSerializer.Deserialize<T>(_stream) ?? throw new InvalidOperationException("System.Text.Json restored null.");
    }

    private T HandWrittenRoundTrip<T>(T state, Action<BinaryWriter, T> write, Func<BinaryReader, T> read)
    {
        Rewind();
        using (var writer = new BinaryWriter(_stream, Encoding.UTF8, leaveOpen: true)) write(writer, state);
        _stream.Position = 0;
        using var reader = new BinaryReader(_stream, Encoding.UTF8, leaveOpen: true);
        return read(reader);
    }

    private void Rewind()
    {
        _stream.Position = 0;
        _stream.SetLength(0);
    }
}
