using System.Diagnostics;
using Baselines;
using CheckpointGen.Benchmarks.Classic;
using CheckpointGen.Benchmarks.Scenarios;
using CheckpointGen.Randomness;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Templates;
using TorchSharp;
using static TorchSharp.torch;

// Runs continual-learning baselines on real MNIST with the published settings (continual-learning-baselines,
// seed 0) and prints the final average stream accuracy and the wall time.
//   dotnet run -c Release --project samples/Baselines -- <name> [--quick] [--seed N]
// --quick: one epoch on a few hundred samples per experience (for CI); the accuracy is then meaningless.

var baselines = BaselineCatalog.All.ToDictionary(b => b.Name);
if (args.Length == 0 || !baselines.TryGetValue(args[0], out var baseline))
{
    Console.Error.WriteLine("usage: Baselines <name> [--quick]\n\nbaselines:");
    foreach (var b in BaselineCatalog.All) Console.Error.WriteLine($"  {b.Name,-14} {b.Description}");
    return args.Length == 0 ? 2 : 1;
}
bool quick = args.Contains("--quick");
// --seed N: another seed for torch and the managed RNGs (default 0, the published runs' seed), to see the spread.
int seedAt = Array.IndexOf(args, "--seed");
int seed = 0;
if (seedAt >= 0 && (seedAt + 1 >= args.Length || !int.TryParse(args[seedAt + 1], out seed)))
{
    Console.Error.WriteLine("--seed needs a whole number");
    return 1;
}

// One thread: on a 2-core machine shared with anything else, libtorch's two threads mostly wait on each other
// (see docs/performance.md); accuracy does not depend on it.
torch.set_num_threads(1);
torch.manual_seed(seed);
RngManager.SetRandomSeeds(seed);
var clock = Stopwatch.StartNew();
var benchmark = baseline.Benchmark();
var (train, test) = quick ? QuickStreams.Of(benchmark, trainPerExperience: 300, testPerExperience: 200) : (benchmark.TrainStream.ToList(), benchmark.TestStream.ToList());
var strategy = baseline.Strategy(quick);
Console.WriteLine($"{baseline.Name}: {baseline.Description}{(quick ? " [quick]" : "")}{(seed != 0 ? $" [seed {seed}]" : "")}");
if (strategy is JointTraining joint)
{
    // Joint training is the upper bound: one training on every experience at once.
    joint.Train(train);
    train = [];
}
void Report(int experience)
{
    var (seen, seenPerExperience) = StreamAccuracy.Of(strategy, test.Take(experience + 1));
    Console.WriteLine($"  after experience {experience}: accuracy on the experiences seen {seen:F4} (per experience {string.Join(" ", seenPerExperience.Select(a => a.ToString("F4")))})  ({clock.Elapsed.TotalSeconds:F0} s)");
}
if (baseline.OnlineExperienceSize > 0)
{
    // Avalanche's split_online_stream: each experience shuffled (a seed per experience from the managed generator) and cut.
    var online = OnlineStream.Split(train, baseline.OnlineExperienceSize);
    Console.WriteLine($"  online: {online.Count} mini-experiences of {baseline.OnlineExperienceSize} samples");
    foreach (var mini in online)
    {
        strategy.Train(mini);
        if (mini.IsLastSubExperience) Report(mini.OriginExperience.CurrentExperience);
    }
    train = [];
}
for (int i = 0; i < train.Count; i++)
{
    strategy.Train(train[i]);
    Report(i);
}
var (accuracy, perExperience) = StreamAccuracy.Of(strategy, test);
clock.Stop();
Console.WriteLine($"  per experience: {string.Join(" ", perExperience.Select(a => a.ToString("F4")))}");
Console.WriteLine($"RESULT {baseline.Name} stream accuracy {accuracy:F4} (published {baseline.Published?.ToString("F2") ?? "n/a"}) wall time {clock.Elapsed.TotalSeconds:F1} s{(quick ? " [quick]" : "")}{(seed != 0 ? $" [seed {seed}]" : "")}");
return 0;

/// <summary>The short version of the streams: an evenly spread subset of every experience.</summary>
internal static class QuickStreams
{
    public static (List<Experience> Train, List<Experience> Test) Of(ContinualBenchmark benchmark, int trainPerExperience, int testPerExperience) =>
        (benchmark.TrainStream.Select(e => Shrink(e, trainPerExperience)).ToList(), benchmark.TestStream.Select(e => Shrink(e, testPerExperience)).ToList());

    private static Experience Shrink(Experience e, int count)
    {
        int n = e.Dataset.Count;
        if (n <= count) return e;
        var positions = Enumerable.Range(0, count).Select(i => (int)((long)i * n / count)).ToArray();
        return new Experience(e.StreamName, e.CurrentExperience, e.Dataset.Subset(positions), e.TaskLabel, e.Classes, e.OriginalClasses);
    }
}
