namespace CheckpointGen.Benchmarks.Scenarios;

/// <summary>
/// What a checkpoint records of the benchmark it was trained on, so that a resume against another
/// benchmark (another seed's class order, another number of experiences, a train limit, another copy
/// of the dataset) is refused: the name, the stream lengths, each training experience's classes (as
/// the model sees them) and task label, and each experience's dataset fingerprint. Every member is
/// configuration: compared on restore, never overwritten (docs/experiment-identity.md).
/// </summary>
[Checkpointable]
public sealed partial class BenchmarkIdentity
{
    private BenchmarkIdentity(string name, int trainExperiences, int testExperiences, int[][] trainClasses,
        int[] trainTaskLabels, string[] trainDatasets, string[] testDatasets)
    {
        Name = name;
        TrainExperiences = trainExperiences;
        TestExperiences = testExperiences;
        TrainClasses = trainClasses;
        TrainTaskLabels = trainTaskLabels;
        TrainDatasets = trainDatasets;
        TestDatasets = testDatasets;
    }

    /// <summary>The identity of a run that declared no benchmark: it matches only another such run.</summary>
    public static BenchmarkIdentity Undeclared { get; } = new("(none declared)", 0, 0, [], [], [], []);

    /// <summary>The identity of <paramref name="benchmark"/> (computed once per benchmark, see <see cref="ContinualBenchmark.Identity"/>).</summary>
    public static BenchmarkIdentity Of(ContinualBenchmark benchmark)
    {
        ArgumentNullException.ThrowIfNull(benchmark);
        return new BenchmarkIdentity(
            benchmark.Name,
            benchmark.TrainStream.Count,
            benchmark.TestStream.Count,
            [.. benchmark.TrainStream.Select(e => e.Classes.ToArray())],
            [.. benchmark.TrainStream.Select(e => e.TaskLabel)],
            [.. benchmark.TrainStream.Select(e => e.Dataset.Fingerprint.ToString())],
            [.. benchmark.TestStream.Select(e => e.Dataset.Fingerprint.ToString())]);
    }

    /// <summary>The benchmark's name.</summary>
    [CheckpointConfiguration] public string Name { get; }

    /// <summary>Number of training experiences.</summary>
    [CheckpointConfiguration] public int TrainExperiences { get; }

    /// <summary>Number of test experiences.</summary>
    [CheckpointConfiguration] public int TestExperiences { get; }

    /// <summary>The classes of each training experience, as the model sees them.</summary>
    [CheckpointConfiguration] public int[][] TrainClasses { get; }

    /// <summary>The task label of each training experience.</summary>
    [CheckpointConfiguration] public int[] TrainTaskLabels { get; }

    /// <summary>The dataset fingerprint of each training experience (name, split, samples, shape, content hash).</summary>
    [CheckpointConfiguration] public string[] TrainDatasets { get; }

    /// <summary>The dataset fingerprint of each test experience.</summary>
    [CheckpointConfiguration] public string[] TestDatasets { get; }
}
