using CheckpointGen.Benchmarks.Data;

namespace CheckpointGen.Benchmarks.Scenarios;

/// <summary>A continual-learning benchmark: a train stream and a test stream of experiences.</summary>
public class ContinualBenchmark
{
    /// <summary>Creates a benchmark from its streams.</summary>
    public ContinualBenchmark(string name, ExperienceStream trainStream, ExperienceStream testStream)
    {
        Name = name;
        TrainStream = trainStream;
        TestStream = testStream;
    }

    /// <summary>The benchmark's name, e.g. <c>SplitMNIST</c>.</summary>
    public string Name { get; }

    /// <summary>The experiences to train on, in order.</summary>
    public ExperienceStream TrainStream { get; }

    /// <summary>The experiences to evaluate on.</summary>
    public ExperienceStream TestStream { get; }

    /// <summary>What a checkpoint records of this benchmark to refuse a resume against another one.</summary>
    public BenchmarkIdentity Identity => _identity ??= BenchmarkIdentity.Of(this);

    private BenchmarkIdentity? _identity;

    /// <summary>Number of distinct classes (as the model sees them) over the train stream.</summary>
    public int NumClasses => TrainStream.SelectMany(e => e.Classes).Distinct().Count();

    /// <summary>
    /// One experience per given dataset (Avalanche's <c>one_dataset_per_exp</c>): experience i trains on
    /// <paramref name="train"/>[i] and tests on <paramref name="test"/>[i]; task label i when
    /// <paramref name="taskLabels"/>, else 0. Labels are used as they are.
    /// </summary>
    public static ContinualBenchmark FromExperienceDatasets(string name, IReadOnlyList<DatasetView> train,
        IReadOnlyList<DatasetView> test, bool taskLabels)
    {
        if (train.Count == 0 || train.Count != test.Count)
            throw new ArgumentException($"{name}: need as many test datasets as train datasets (at least one), got {train.Count} and {test.Count}.");
        Experience Make(string stream, int i, DatasetView view)
        {
            int task = taskLabels ? i : 0;
            var withTask = view.WithParts(p => p with { TaskLabel = task }, $"{name}/{stream}/exp{i}");
            return new Experience(stream, i, withTask, task, withTask.Classes);
        }
        return new ContinualBenchmark(name,
            new ExperienceStream("train", train.Select((v, i) => Make("train", i, v))),
            new ExperienceStream("test", test.Select((v, i) => Make("test", i, v))));
    }
}
