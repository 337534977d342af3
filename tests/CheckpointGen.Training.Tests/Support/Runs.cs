using CheckpointGen.Benchmarks.Scenarios;
using CheckpointGen.Randomness;
using CheckpointGen.Training.Models;
using CheckpointGen.Training.Optimizers;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Templates;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Support;

/// <summary>Builders of small runs on <see cref="SyntheticData"/>: the same code for the straight, stopped and resumed runs.</summary>
internal static class Runs
{
    public static TemplateOptions Options(Func<IEnumerable<TorchSharp.Modules.Parameter>, optim.Optimizer>? optimizerFactory = null) =>
        new() { TrainMbSize = 16, TrainEpochs = 2, EvalMbSize = 32, OptimizerFactory = optimizerFactory };

    public static optim.Optimizer Sgd(IEnumerable<TorchSharp.Modules.Parameter> parameters) => new GcSafeSgd(parameters, 0.05, momentum: 0.9);

    /// <summary>Seeds every generator, builds the benchmark and a SimpleMlp with dropout (so the torch stream matters).</summary>
    public static (NcBenchmark Benchmark, SimpleMlp Model) Fresh(bool taskLabels = false)
    {
        RngManager.SetRandomSeeds(7);
        var benchmark = SyntheticData.Benchmark(taskLabels);
        var model = new SimpleMlp(numClasses: 6, inputSize: 20, hiddenSize: 16, hiddenLayers: 1, dropRate: 0.2);
        return (benchmark, model);
    }

    public static ResumableRun Naive()
    {
        var (benchmark, model) = Fresh();
        return new(new Naive(model, Sgd(model.parameters()), nn.CrossEntropyLoss(), Options()), benchmark);
    }

    public static ResumableRun Replay()
    {
        var (benchmark, model) = Fresh();
        return new(new Replay(model, Sgd(model.parameters()), nn.CrossEntropyLoss(), memSize: 20, Options()), benchmark);
    }

    public static ResumableRun Cumulative()
    {
        var (benchmark, model) = Fresh();
        return new(new Cumulative(model, Sgd(model.parameters()), nn.CrossEntropyLoss(), Options()), benchmark);
    }

    public static ResumableRun GDumb()
    {
        var (benchmark, model) = Fresh();
        return new(new GDumb(model, Sgd(model.parameters()), nn.CrossEntropyLoss(), memSize: 18, Options()), benchmark);
    }

    /// <summary>Joint training is one experience: the whole train stream.</summary>
    public static ResumableRun JointTraining()
    {
        var (benchmark, model) = Fresh();
        var strategy = new JointTraining(model, Sgd(model.parameters()), nn.CrossEntropyLoss(), Options());
        return new(strategy, benchmark, _ => strategy.Train(benchmark.TrainStream));
    }

    /// <summary>Naive on a task-incremental benchmark with <c>AsMultitask(SimpleMlp)</c>: a head per task, grown during training.</summary>
    public static ResumableRun MultiTaskNaive()
    {
        var (benchmark, model) = Fresh(taskLabels: true);
        var multiTask = MultiTask.AsMultitask(model, SimpleMlp.ClassifierName);
        return new(new Naive(multiTask, Sgd(multiTask.parameters()), nn.CrossEntropyLoss(), Options(Sgd)), benchmark);
    }

    /// <summary>Replay on a class-incremental benchmark with an incremental classifier, grown during training.</summary>
    public static ResumableRun IncrementalReplay()
    {
        RngManager.SetRandomSeeds(7);
        var benchmark = SyntheticData.Benchmark();
        var model = new IncrementalMlp(20, 16);
        return new(new Replay(model, Sgd(model.parameters()), nn.CrossEntropyLoss(), memSize: 20, Options(Sgd)), benchmark);
    }
}
