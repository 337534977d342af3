using System.Diagnostics;
using System.Globalization;
using CheckpointGen.ObjectStorage.Probe;

namespace CheckpointGen.PerfBenchmarks.Probes;

/// <summary>
/// <see cref="AsyncCheckpointingOverheadBenchmarks"/>' two sides in one process, paired: each pair runs one epoch
/// without checkpoints and one with asynchronous checkpoints, in ABBA order (odd pairs start with the other side), so
/// that the machine's drift, which moves BenchmarkDotNet's one-side-after-the-other launches by more than the 2 %
/// target, falls on both sides alike. Prints each pair's wall times and ratio, then the <see cref="PairedRatio"/>.
/// </summary>
/// <remarks>Run: <c>dotnet run -c Release --project tests/CheckpointGen.PerfBenchmarks -- probe-overhead [pairs] [warm-up pairs]</c></remarks>
public static class AsyncOverheadProbe
{
    /// <summary>Runs the probe; <paramref name="args"/> holds the number of measured pairs and of warm-up pairs.</summary>
    public static void Run(string[] args)
    {
        int pairs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 150;
        int warmUp = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        if (pairs < 2 || warmUp < 0)
            throw new ArgumentException($"Needs at least 2 pairs and no negative warm-up, not {pairs} and {warmUp}.", nameof(args));
        var benchmark = new AsyncCheckpointingOverheadBenchmarks();
        benchmark.SetUp();
        try
        {
            Console.WriteLine("pair\tplain_ms\tcheckpointed_ms\tratio");
            var plain = new List<double>();
            var checkpointed = new List<double>();
            for (int pair = -warmUp; pair < pairs; pair++)
            {
                bool plainFirst = (pair & 1) == 0;
                double first = Time(plainFirst ? benchmark.WithoutCheckpoints : benchmark.WithAsynchronousCheckpoints);
                double second = Time(plainFirst ? benchmark.WithAsynchronousCheckpoints : benchmark.WithoutCheckpoints);
                if (pair < 0) continue;
                plain.Add(plainFirst ? first : second);
                checkpointed.Add(plainFirst ? second : first);
                Console.WriteLine(string.Join('\t', pair, F(plain[^1], "F1"), F(checkpointed[^1], "F1"), F(checkpointed[^1] / plain[^1], "F4")));
            }
            Console.WriteLine($"with / without checkpoints, paired: {PairedRatio.Of(checkpointed, plain)}");
        }
        finally
        {
            benchmark.CleanUp();
        }
    }

    private static double Time(Func<long> epoch)
    {
        long start = Stopwatch.GetTimestamp();
        epoch();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
