using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using CheckpointGen.PerfBenchmarks.Columns;
using CheckpointGen.PerfBenchmarks.Fixtures;
using CheckpointGen.Storage;

namespace CheckpointGen.PerfBenchmarks;

/// <summary>
/// Save and load throughput of a 256 MiB model + optimizer checkpoint (128 MiB of MLP parameters,
/// 128 MiB of SGD momentum buffers) through <see cref="Checkpoint"/>, against the same number of
/// bytes written from / read into a byte[] with a plain FileStream (each category's baseline, so
/// the Ratio column is ours ÷ raw in time: below 1.25 means at least 0.8× raw throughput), and
/// against TorchSharp's own Module.save/load + optimizer save_state_dict/load_state_dict.
/// </summary>
/// <remarks>
/// Files live in the temp folder and are rewritten every iteration, so loads are served by the
/// page cache and saves without fsync only reach it: these figures measure the CPU/memory path
/// (copying, hashing, syscalls), not the disk, except in the fsync category.
/// Run: <c>dotnet run -c Release --project tests/CheckpointGen.PerfBenchmarks -- --filter '*Checkpoint*' --job short</c>.
/// BenchmarkDotNet measures each benchmark in its own process, one after another, so on a shared
/// machine a ratio compares two different moments; add <c>--inProcess</c> (and more
/// <c>--iterationCount</c>) to narrow that, and repeat a run before trusting a ratio.
/// </remarks>
[ThroughputColumn(TrainingState.TensorBytes)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class CheckpointThroughputBenchmarks
{
    private const string SaveDurable = "Save+fsync+rename";
    private const string SaveBuffered = "Save, no fsync";
    private const string Load = "Load";

    private TrainingState _state = null!;
    private TrainingCheckpoint _root = null!;
    private byte[] _raw = [];
    private string _directory = "";

    private string OursSavePath => Path.Combine(_directory, "ours-save.ckpt");
    private string OursLoadPath => Path.Combine(_directory, "ours-load.ckpt");
    private string RawSavePath => Path.Combine(_directory, "raw-save.bin");
    private string RawLoadPath => Path.Combine(_directory, "raw-load.bin");
    private string TorchModelPath => Path.Combine(_directory, "torchsharp-model.bin");
    private string TorchOptimizerPath => Path.Combine(_directory, "torchsharp-optimizer.bin");

    [GlobalSetup]
    public void SetUp()
    {
        _state = new TrainingState();
        _root = new TrainingCheckpoint(_state.Model, _state.Optimizer);

        _directory = Path.Combine(Path.GetTempPath(), $"checkpointgen-perf-{Environment.ProcessId}");
        Directory.CreateDirectory(_directory);

        try
        {
            // Files the load benchmarks read; the raw one is exactly as long as our checkpoint.
            Checkpoint.Save(_root, OursLoadPath);
            _raw = new byte[new FileInfo(OursLoadPath).Length];
            new Random(7).NextBytes(_raw);
            File.WriteAllBytes(RawLoadPath, _raw);
            TorchSharpSave();
        }
        catch
        {
            // BenchmarkDotNet skips [GlobalCleanup] when setup fails; do not leave 256 MiB files behind.
            Directory.Delete(_directory, recursive: true);
            throw;
        }
    }

    [GlobalCleanup]
    public void CleanUp()
    {
        _state.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "Raw FileStream: temp + fsync + rename")]
    [BenchmarkCategory(SaveDurable)]
    public void RawSaveDurable()
    {
        string temporary = $"{RawSavePath}.{Guid.NewGuid():N}.tmp";
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            stream.Write(_raw);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, RawSavePath, overwrite: true);
        AtomicFile.FlushDirectory(_directory);
    }

    [Benchmark(Description = "Checkpoint.Save(root, path)")]
    [BenchmarkCategory(SaveDurable)]
    public void OursSaveDurable() => Checkpoint.Save(_root, OursSavePath);

    [Benchmark(Baseline = true, Description = "Raw FileStream write")]
    [BenchmarkCategory(SaveBuffered)]
    public void RawSaveBuffered()
    {
        using var stream = new FileStream(RawSavePath, FileMode.Create, FileAccess.Write, FileShare.None);
        stream.Write(_raw);
    }

    [Benchmark(Description = "Checkpoint.Save(root, FileStream)")]
    [BenchmarkCategory(SaveBuffered)]
    public void OursSaveBuffered()
    {
        using var stream = new FileStream(OursSavePath, FileMode.Create, FileAccess.Write, FileShare.None);
        Checkpoint.Save(_root, stream);
    }

    [Benchmark(Description = "TorchSharp Module.save + save_state_dict")]
    [BenchmarkCategory(SaveBuffered)]
    public void TorchSharpSave()
    {
        // Both take a path and close their own streams (notes: torchsharp.md §5); neither fsyncs.
        _state.Model.save(TorchModelPath);
        _state.Optimizer.save_state_dict(TorchOptimizerPath);
    }

    [Benchmark(Baseline = true, Description = "Raw FileStream read into byte[]")]
    [BenchmarkCategory(Load)]
    public int RawLoad()
    {
        using var stream = new FileStream(RawLoadPath, FileMode.Open, FileAccess.Read, FileShare.Read);
        stream.ReadExactly(_raw);
        return _raw[^1];
    }

    [Benchmark(Description = "Checkpoint.Restore(root, path)")]
    [BenchmarkCategory(Load)]
    public int OursLoad() => Checkpoint.Restore(_root, OursLoadPath).TensorCount;

    [Benchmark(Description = "TorchSharp Module.load + load_state_dict")]
    [BenchmarkCategory(Load)]
    public void TorchSharpLoad()
    {
        _state.Model.load(TorchModelPath);
        _state.Optimizer.load_state_dict(TorchOptimizerPath);
    }
}
