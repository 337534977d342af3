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
using CheckpointGen.Training.Logging.Report;
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
        // Online (--online N): the train stream cut into mini-experiences of N samples (Avalanche's split_online_stream).
        var online = options.Online > 0 ? OnlineStream.Split(benchmark.TrainStream, options.Online) : null;
        IReadOnlyList<Experience> trainStream = online is null ? benchmark.TrainStream : online;

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
        // The run's report: accuracy-matrix and stream-accuracy plots and report.md in the output folder, redrawn after each evaluation.
        var report = new ReportLogger(options.Output);
        IMetricLogger interactive = options.Plain ? new TextLogger() : new InteractiveLogger();
        var evaluator = new EvaluationPlugin(
            [
                new EpochAccuracy(), new ExperienceAccuracy(), new StreamAccuracy(),
                new EpochLoss(), new ExperienceLoss(), new StreamLoss(),
                new StreamClassAccuracy(), new AverageMeanClassAccuracy(),
                new ExperienceForgetting(), new StreamForgetting(),
            ],
            [interactive, text, csv, tensorBoard, report]);

        // CHANGE 2: the checkpoint plugin, on a folder of this run's own (it is locked against a second run). It records
        // the benchmark and the settings, and refuses to resume another experiment's checkpoint (--accept-changes overrides).
        // (--storage puts them in Azure Blob or S3 instead, --async-saves persists them in the background.)
        var storage = options.NoCheckpoints ? null : CheckpointStorageChoice.Open(options, Console.WriteLine);
        using var releaseStorage = storage as IDisposable; // the lock; an asynchronous save in flight is finished first
        // Online, saves may also fall between mini-experiences, except after an experience's last one: an evaluation follows it.
        Func<SupervisedTemplate, bool>? betweenExperiences = online is null ? null : s => !online[(int)s.Clock.TrainExpCounter - 1].IsLastSubExperience;
        var checkpointPlugin = storage is null ? null : new CheckpointPlugin(storage, mapLocation: device, saveEveryIterations: options.SaveEvery, stop: stop,
            log: Console.WriteLine, betweenExperiences: betweenExperiences,
            onSaveFailure: options.RetryFailedSaves > 0 ? SaveFailurePolicy.RetryTransient(options.RetryFailedSaves) : SaveFailurePolicy.Stop,
            benchmark: benchmark, acceptConfigurationChanges: options.AcceptChanges);
        var meter = new ThroughputMeter();
        List<IStrategyPlugin> plugins = [meter];
        if (checkpointPlugin is not null) plugins.Add(checkpointPlugin);

        var strategy = StrategyFactory.Create(options, model, optimizer, new TemplateOptions
        {
            TrainMbSize = options.BatchSize,
            TrainEpochs = online is null ? options.Epochs : 1,
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
        bool failed = true;
        try
        {
            bool finished = true;
            for (int exp = initialExp; exp < trainStream.Count; exp++)
            {
                strategy.Train(trainStream[exp]);
                if (trainStream[exp] is OnlineExperience { IsLastSubExperience: false }) continue; // online: evaluate once an experience is through
                strategy.Eval(benchmark.TestStream);   // a checkpoint is saved at the end of each evaluation
                int trained = trainStream[exp] is OnlineExperience mini ? mini.OriginExperience.CurrentExperience : exp;
                if (trained == options.ExitEarly)
                {
                    Console.WriteLine("Exiting early");
                    finished = false;
                    break;
                }
            }
            var summary = RunSummary.From(options, strategy, evaluator, meter, checkpointPlugin, wall.Elapsed, finished);
            failed = false;
            return summary;
        }
        finally
        {
            CloseLoggers(failed, csv, tensorBoard, text, interactive as IDisposable);
        }
    }

    /// <summary>
    /// Closes the loggers. After a failure (a full disk, say) closing one can fail the same way;
    /// that must not replace the exception that says what went wrong first.
    /// </summary>
    private static void CloseLoggers(bool afterFailure, params IDisposable?[] loggers)
    {
        foreach (var logger in loggers)
        {
            try { logger?.Dispose(); }
            catch (Exception e) when (afterFailure && FileSystemFaults.Classify(e) is not null) { }
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
