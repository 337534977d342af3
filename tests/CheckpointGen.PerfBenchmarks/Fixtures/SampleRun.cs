using CheckpointGen.Benchmarks.Classic;
using CheckpointGen.Benchmarks.Scenarios;
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

namespace CheckpointGen.PerfBenchmarks.Fixtures;

/// <summary>
/// The run the sample (samples/SplitMnistCheckpointing) trains by default: task-incremental SplitMNIST
/// (real MNIST, seed 1234), the multi-head SimpleMlp, SGD with momentum, Naive with a ReplayPlugin(500)
/// and the sample's ten metrics, on one torch thread.
/// </summary>
public static class SampleRun
{
    public const int Seed = 1234;

    public static (Naive Strategy, NcBenchmark Benchmark) Create(params IStrategyPlugin[] plugins)
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
            Plugins = [.. plugins],
        }.WithStrategyPlugin(new ReplayPlugin(500)));
        return (strategy, benchmark);
    }

    /// <summary>The sample's checkpoint root after two experiences of training and an evaluation (3.3 MB saved).</summary>
    public static SampleCheckpoint TrainedState()
    {
        var (strategy, benchmark) = Create();
        for (int experience = 0; experience < 2; experience++)
        {
            strategy.Train(benchmark.TrainStream[experience]);
            strategy.Eval(benchmark.TestStream);
        }
        return new SampleCheckpoint(strategy, RngManager.Default);
    }
}
