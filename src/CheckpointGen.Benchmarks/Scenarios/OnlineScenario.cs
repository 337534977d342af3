namespace CheckpointGen.Benchmarks.Scenarios;

/// <summary>
/// A benchmark made online (Avalanche's <c>OnlineCLScenario</c> with the fixed-size split): its train
/// stream cut into mini-experiences, next to the original streams, which evaluation and metrics use.
/// </summary>
/// <param name="TrainStream">The online train stream (<c>train_online</c>).</param>
/// <param name="OriginalTrainStream">The benchmark's train stream, uncut.</param>
/// <param name="OriginalTestStream">The benchmark's test stream.</param>
public sealed record OnlineScenario(OnlineStream TrainStream, ExperienceStream OriginalTrainStream, ExperienceStream OriginalTestStream)
{
    /// <summary>Cuts <paramref name="benchmark"/>'s train stream into mini-experiences of <paramref name="experienceSize"/> samples (see <see cref="OnlineStream.Split"/>).</summary>
    public static OnlineScenario Create(ContinualBenchmark benchmark, int experienceSize = 10, bool shuffle = true, bool accessTaskBoundaries = false, long? seed = null)
    {
        ArgumentNullException.ThrowIfNull(benchmark);
        var online = OnlineStream.Split(benchmark.TrainStream, experienceSize, shuffle, dropLast: false, accessTaskBoundaries, seed);
        return new OnlineScenario(online, benchmark.TrainStream, benchmark.TestStream);
    }
}
