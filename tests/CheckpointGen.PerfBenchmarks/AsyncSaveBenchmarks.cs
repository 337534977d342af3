using BenchmarkDotNet.Attributes;
using CheckpointGen.PerfBenchmarks.Fixtures;
using CheckpointGen.Storage;

namespace CheckpointGen.PerfBenchmarks;

/// <summary>
/// How long a save blocks training: a synchronous save into a <see cref="FileSystemCheckpointStorage"/>
/// (serialize, hash, write, fsync, rename; the baseline) against <see cref="BackgroundCheckpointStorage.SaveCheckpoint(long, object)"/>,
/// which returns once the snapshot is taken (graph walked, tensors and arrays copied into the reused host
/// buffer; the persist of the previous save is awaited in the iteration setup, outside the measurement).
/// Two states: the sample's (<see cref="SampleRun.TrainedState"/>, 3.3 MB) and a 256 MiB model + optimizer
/// (<see cref="TrainingState"/>). Target (issue 15): Ratio at most 0.1 for both. Each process first saves
/// for <see cref="WarmUp"/> the way it is measured, as a run that saves every few iterations has by then:
/// one iteration is one save, so BenchmarkDotNet's own warm-up would otherwise measure the first handful
/// of saves, whose code the JIT has not optimized yet (docs/storages.md gives both figures).
/// Run: <c>dotnet run -c Release --project tests/CheckpointGen.PerfBenchmarks -- --filter '*AsyncSave*' --iterationCount 40 --warmupCount 5 --launchCount 2</c>
/// (one save per iteration: <c>--job short</c>'s three are too few for a mean).
/// </summary>
[MemoryDiagnoser]
public class AsyncSaveBenchmarks
{
    private TrainingState? _training;
    private object _root = null!;
    private string _directory = "";
    private FileSystemCheckpointStorage _folder = null!;
    private BackgroundCheckpointStorage _background = null!;
    private long _sequence;

    [Params("sample 3.3 MB", "model + optimizer 256 MiB")]
    public string State { get; set; } = "";

    private void SetUp()
    {
        if (State.StartsWith("sample", StringComparison.Ordinal))
        {
            _root = SampleRun.TrainedState();
        }
        else
        {
            _training = new TrainingState();
            _root = new TrainingCheckpoint(_training.Model, _training.Optimizer);
        }
        _directory = Path.Combine(Path.GetTempPath(), $"checkpointgen-async-perf-{Environment.ProcessId}");
        _folder = new FileSystemCheckpointStorage(_directory, keep: 1);
        _background = new BackgroundCheckpointStorage(_folder, ownsInner: false);
    }

    /// <summary>How long each process saves before it is measured; at least <see cref="MinWarmUpSaves"/> saves.</summary>
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(10);

    private const int MinWarmUpSaves = 30;

    [GlobalSetup(Target = nameof(Synchronous))]
    public void SetUpSynchronous()
    {
        SetUp();
        SaveFor(WarmUp, () => _folder.SaveCheckpoint(_sequence++, _root));
    }

    [GlobalSetup(Target = nameof(Asynchronous))]
    public void SetUpAsynchronous()
    {
        SetUp();
        // The snapshot buffer grows on the first save; a run pays that once too.
        SaveFor(WarmUp, () =>
        {
            _background.WaitForPendingSave();
            _background.SaveCheckpoint(_sequence++, _root);
        });
        _background.WaitForPendingSave();
    }

    private static void SaveFor(TimeSpan duration, Action save)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int saves = 0; saves < MinWarmUpSaves || clock.Elapsed < duration; saves++) save();
    }

    [GlobalCleanup]
    public void CleanUp()
    {
        _background.Dispose();
        _folder.Dispose();
        _training?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The previous background persist ends here, outside the measured save.</summary>
    [IterationSetup]
    public void WaitForPersist() => _background.WaitForPendingSave();

    [Benchmark(Baseline = true, Description = "Synchronous save (blocks for write + fsync + rename)")]
    public void Synchronous() => _folder.SaveCheckpoint(_sequence++, _root);

    [Benchmark(Description = "Asynchronous save (blocks for the snapshot only)")]
    public void Asynchronous() => _background.SaveCheckpoint(_sequence++, _root);
}
