using BenchmarkDotNet.Attributes;
using CheckpointGen.PerfBenchmarks.Fixtures;

namespace CheckpointGen.PerfBenchmarks;

/// <summary>
/// Save and restore of the state the sample (samples/SplitMnistCheckpointing) checkpoints: task-incremental
/// SplitMNIST, the multi-head SimpleMlp, SGD with momentum, Naive with a ReplayPlugin(500) and the sample's
/// ten metrics, after two experiences of training and an evaluation. Only the format work is measured:
/// the checkpoint goes to and from a reused MemoryStream, and a restore is into the same strategy (what a
/// resume does into the strategy its script built).
/// </summary>
/// <remarks>Run: <c>dotnet run -c Release --project tests/CheckpointGen.PerfBenchmarks -- --filter '*SampleState*'</c></remarks>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class SampleStateBenchmarks
{
    private readonly MemoryStream _saved = new();
    private readonly MemoryStream _stream = new();
    private SampleCheckpoint _state = null!;

    [GlobalSetup]
    public void SetUp()
    {
        _state = SampleRun.TrainedState();
        Checkpoint.Save(_state, _saved);
        Console.WriteLine($"// The sample's checkpoint: {_saved.Length:N0} bytes.");
        Restore();
    }

    [Benchmark(Description = "Save the sample's state")]
    public long Save()
    {
        _stream.Position = 0;
        _stream.SetLength(0);
        Checkpoint.Save(_state, _stream);
        return _stream.Length;
    }

    [Benchmark(Description = "Restore the sample's state")]
    public int Restore()
    {
        _saved.Position = 0;
        return Checkpoint.Restore(_state, _saved).ComponentCount;
    }
}
