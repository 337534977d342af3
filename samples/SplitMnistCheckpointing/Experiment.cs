using System.Diagnostics;
using CheckpointGen.Benchmarks.Classic;
using CheckpointGen.Benchmarks.Scenarios;
using CheckpointGen.Randomness;
using CheckpointGen.Storage;
using CheckpointGen.Training.Checkpointing;
using CheckpointGen.Training.Evaluation;
using CheckpointGen.Training.Evaluation.Metrics;
using CheckpointGen.Training.Logging.Csv;
using CheckpointGen.Training.Logging.Interactive;
using CheckpointGen.Training.Logging.TensorBoard;
using CheckpointGen.Training.Logging.Text;
using CheckpointGen.Training.Models;
using CheckpointGen.Training.Optimizers;
using CheckpointGen.Training.Plugins;
using CheckpointGen.Training.Templates;
using TorchSharp;
using static TorchSharp.torch;

namespace SplitMnistCheckpointing;

/// <summary>
/// The guide's main script. The four changes checkpointing needs are marked CHANGE 1–4; everything
/// else is a plain continual-learning script. Note what is missing compared with the guide: there is
/// no "create the strategy only if no checkpoint was loaded" branch — the strategy is always built
/// by this code, and a checkpoint is restored into it.
/// </summary>
internal static class Experiment
{
    public static RunSummary Run(SampleOptions options, GracefulStop stop)
    {
        var wall = Stopwatch.StartNew();
        string logs = Path.Combine(options.Output, "logs");
        Directory.CreateDirectory(logs);

        // Not a checkpointing change, but bit-identical resumes need it: the same thread count in every run.
        torch.set_num_threads(options.Threads);

        // CHANGE 1: set the random seeds first (torch CPU and CUDA, and the runtime's managed generator).
        RngManager.SetRandomSeeds(options.Seed);

        var device = options.Device == "cpu" ? CPU : torch.device(options.Device);
        Console.WriteLine($"Using device {device}");

        // The benchmark: task-incremental SplitMNIST, 5 experiences (class-incremental with --scenario class).
        bool taskIncremental = options.Scenario == "task";
        var benchmark = Limit(SplitMnist.Create(5, returnTaskId: taskIncremental, seed: options.Seed), options.TrainLimit);

        // The model: Avalanche's SimpleMLP, made multi-task (one head per task) through AsMultitask.
        nn.Module model = taskIncremental
            ? MultiTask.AsMultitask(new SimpleMlp(numClasses: 10 / 5, inputSize: 28 * 28), SimpleMlp.ClassifierName)
            : new SimpleMlp(numClasses: 10, inputSize: 28 * 28);
        // TorchSharp's SGD, with its step made safe against a garbage collection during a native call (docs/baselines.md, "The GEM crash").
        var optimizer = new GcSafeSgd(model.parameters(), lr: 0.01, momentum: 0.9);

        // Metrics and loggers, glued by the evaluation plugin.
        var csv = new CsvLogger(Path.Combine(logs, "csv"));
        var tensorBoard = new TensorBoardLogger(Path.Combine(logs, "tb_data"));
        var text = new TextLogger(Path.Combine(logs, "log.txt"));
        IMetricLogger interactive = options.Plain ? new TextLogger() : new InteractiveLogger();
        var evaluator = new EvaluationPlugin(
            [
                new EpochAccuracy(), new ExperienceAccuracy(), new StreamAccuracy(),
                new EpochLoss(), new ExperienceLoss(), new StreamLoss(),
                new StreamClassAccuracy(), new AverageMeanClassAccuracy(),
                new ExperienceForgetting(), new StreamForgetting(),
            ],
            [interactive, text, csv, tensorBoard]);

        // CHANGE 2: the checkpoint plugin, on a folder of this run's own (it is locked against a second run). It records
        // the benchmark and the settings, and refuses to resume another experiment's checkpoint (--accept-changes overrides).
        using var storage = options.NoCheckpoints ? null : new FileSystemCheckpointStorage(Path.Combine(options.Output, "checkpoints"), keep: 2);
        var checkpointPlugin = storage is null ? null : new CheckpointPlugin(storage, mapLocation: device, saveEveryIterations: options.SaveEvery, stop: stop, log: Console.WriteLine,
            benchmark: benchmark, acceptConfigurationChanges: options.AcceptChanges);
        var meter = new ThroughputMeter();
        List<IStrategyPlugin> plugins = [meter];
        if (checkpointPlugin is not null) plugins.Add(checkpointPlugin);

        var strategy = StrategyFactory.Create(options, model, optimizer, new TemplateOptions
        {
            TrainMbSize = options.BatchSize,
            TrainEpochs = options.Epochs,
            EvalMbSize = options.BatchSize,
            Device = device,
            Plugins = plugins,
            Evaluator = evaluator,
            OptimizerFactory = parameters => new GcSafeSgd(parameters, lr: 0.01, momentum: 0.9),
        });

        // CHANGE 3: restore the last checkpoint if there is one (it falls back to the previous one if the newest is damaged).
        int initialExp = checkpointPlugin?.RestoreIfExists(strategy) ?? 0;
        Console.WriteLine(checkpointPlugin?.Restored is null ? "Starting from scratch." : $"Resuming at training experience {initialExp}.");

        // CHANGE 4: start the loop at initialExp.
        try
        {
            for (int exp = initialExp; exp < benchmark.TrainStream.Count; exp++)
            {
                strategy.Train(benchmark.TrainStream[exp]);
                strategy.Eval(benchmark.TestStream);   // a checkpoint is saved at the end of each evaluation
                if (exp == options.ExitEarly)
                {
                    Console.WriteLine("Exiting early");
                    return RunSummary.From(options, strategy, evaluator, meter, checkpointPlugin, wall.Elapsed, finished: false);
                }
            }
            return RunSummary.From(options, strategy, evaluator, meter, checkpointPlugin, wall.Elapsed, finished: true);
        }
        finally
        {
            csv.Dispose();
            tensorBoard.Dispose();
            text.Dispose();
            (interactive as IDisposable)?.Dispose();
        }
    }

    /// <summary>For quick runs: every experience keeps an evenly spread subset of its samples.</summary>
    private static ContinualBenchmark Limit(ContinualBenchmark benchmark, int trainLimit)
    {
        if (trainLimit <= 0) return benchmark;
        static ExperienceStream Cut(ExperienceStream stream, int limit) => new(stream.Name, stream.Select(e =>
        {
            int count = Math.Min(limit, e.Dataset.Count);
            var positions = Enumerable.Range(0, count).Select(i => (int)((long)i * e.Dataset.Count / count)).ToArray();
            return new Experience(e.StreamName, e.CurrentExperience, e.Dataset.Subset(positions), e.TaskLabel, e.Classes, e.OriginalClasses);
        }));
        return new ContinualBenchmark(benchmark.Name, Cut(benchmark.TrainStream, trainLimit), Cut(benchmark.TestStream, Math.Max(trainLimit / 4, 1)));
    }
}
