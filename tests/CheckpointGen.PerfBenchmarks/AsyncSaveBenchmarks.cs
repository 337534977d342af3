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
/// (<see cref="TrainingState"/>). Target (issue 15): Ratio at most 0.1 for both.
/// Run: <c>dotnet run -c Release --project tests/CheckpointGen.PerfBenchmarks -- --filter '*AsyncSave*' --job short</c>.
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

    [GlobalSetup]
    public void SetUp()
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
        // The snapshot buffer grows once, on the first save; a run pays that once too.
        _background.SaveCheckpoint(_sequence++, _root);
        _background.WaitForPendingSave();
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
