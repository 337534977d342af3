using CheckpointGen.Benchmarks.Scenarios;
using TorchSharp;

namespace Baselines;

/// <summary>The changes continual-learning-baselines makes to a benchmark's train stream before training.</summary>
internal static class BenchmarkCuts
{
    /// <summary>
    /// Avalanche's <c>benchmark_with_validation_stream(benchmark, fraction)</c> with its defaults (no shuffle): each
    /// training experience keeps its first <c>n − int(fraction·n)</c> samples; the rest would be the validation stream,
    /// which the baselines never use.
    /// </summary>
    public static ContinualBenchmark WithoutValidation(ContinualBenchmark benchmark, double fraction) =>
        WithTrain(benchmark, e => e.Dataset.Count - (int)(fraction * e.Dataset.Count), (e, count) => Enumerable.Range(0, count).ToArray());

    /// <summary>
    /// continual-learning-baselines' <c>restrict_dataset_size</c> (and GSS's shrinking split): each training experience
    /// keeps <paramref name="size"/> samples drawn with <c>torch.randperm</c> from the global generator, in that order.
    /// </summary>
    public static ContinualBenchmark Restrict(ContinualBenchmark benchmark, int size) =>
        WithTrain(benchmark, e => Math.Min(size, e.Dataset.Count), (e, count) =>
        {
            using var permutation = torch.randperm(e.Dataset.Count);
            return permutation.data<long>().ToArray().Take(count).Select(i => (int)i).ToArray();
        });

    private static ContinualBenchmark WithTrain(ContinualBenchmark benchmark, Func<Experience, int> count, Func<Experience, int, int[]> positions)
    {
        var train = new ExperienceStream(benchmark.TrainStream.Name, benchmark.TrainStream.Select(e =>
        {
            var kept = e.Dataset.Subset(positions(e, count(e)));
            return new Experience(e.StreamName, e.CurrentExperience, kept, e.TaskLabel, kept.Classes, e.OriginalClasses);
        }));
        return new ContinualBenchmark(benchmark.Name, train, benchmark.TestStream);
    }
}
