using BenchmarkDotNet.Attributes;
using CheckpointGen.Benchmarks.Classic;
using CheckpointGen.PerfBenchmarks.Fixtures;
using CheckpointGen.Randomness;
using CheckpointGen.Training.Evaluation;
using CheckpointGen.Training.Evaluation.Metrics;
using CheckpointGen.Training.Models;
using CheckpointGen.Training.Optimizers;
using CheckpointGen.Training.Plugins;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Templates;
using TorchSharp;
using static TorchSharp.torch;

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
    private const int Seed = 1234;
    private const int TrainedExperiences = 2;

    private readonly MemoryStream _saved = new();
    private readonly MemoryStream _stream = new();
    private SampleCheckpoint _state = null!;

    [GlobalSetup]
    public void SetUp()
    {
        torch.set_num_threads(1);
        RngManager.SetRandomSeeds(Seed);
        var benchmark = SplitMnist.Create(5, returnTaskId: true, seed: Seed);
        var model = MultiTask.AsMultitask(new SimpleMlp(numClasses: 2, inputSize: 28 * 28), SimpleMlp.ClassifierName);
        var evaluator = new EvaluationPlugin(
            [
                new EpochAccuracy(), new ExperienceAccuracy(), new StreamAccuracy(),
                new EpochLoss(), new ExperienceLoss(), new StreamLoss(),
                new StreamClassAccuracy(), new AverageMeanClassAccuracy(),
                new ExperienceForgetting(), new StreamForgetting(),
            ]);
        var strategy = new Naive(model, new GcSafeSgd(model.parameters(), lr: 0.01, momentum: 0.9), nn.CrossEntropyLoss(), new TemplateOptions
        {
            TrainMbSize = 128,
            TrainEpochs = 1,
            EvalMbSize = 128,
            Evaluator = evaluator,
            OptimizerFactory = parameters => new GcSafeSgd(parameters, lr: 0.01, momentum: 0.9),
        }.WithStrategyPlugin(new ReplayPlugin(500)));
        for (int experience = 0; experience < TrainedExperiences; experience++)
        {
            strategy.Train(benchmark.TrainStream[experience]);
            strategy.Eval(benchmark.TestStream);
        }
        _state = new SampleCheckpoint(strategy, RngManager.Default);
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
