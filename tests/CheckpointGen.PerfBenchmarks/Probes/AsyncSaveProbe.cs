using System.Diagnostics;
using System.Globalization;
using CheckpointGen.PerfBenchmarks.Fixtures;
using CheckpointGen.Storage;

namespace CheckpointGen.PerfBenchmarks.Probes;

/// <summary>
/// How long <see cref="BackgroundCheckpointStorage.SaveCheckpoint(long, object)"/> blocks with the sample's state
/// (<see cref="SampleRun.TrainedState"/>), depending on what the training thread did since the previous save's persist
/// ended: nothing (<see cref="AsyncSaveBenchmarks"/>' case), busy work for a few milliseconds, or a sleep; and the
/// synchronous save for comparison. Each case's median, mean and 90th percentile, in microseconds.
/// </summary>
/// <remarks>Run: <c>dotnet run -c Release --project tests/CheckpointGen.PerfBenchmarks -- probe-async [saves per case] [only this case's index]</c></remarks>
public static class AsyncSaveProbe
{
    /// <summary>Runs the probe; <paramref name="args"/> holds the number of saves per case.</summary>
    public static void Run(string[] args)
    {
        int saves = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        int? only = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : null;
        // The benchmark's own set-up and warm-up (10 s of saves), as DerEpochProbe reuses its benchmark's.
        var benchmark = new AsyncSaveBenchmarks { State = "sample 3.3 MB" };
        Console.WriteLine("preparing the state and warming up");
        benchmark.SetUpAsynchronous();
        Console.WriteLine("warmed up, measuring");

        var cases = new (string Name, Action Between, Action Save)[]
        {
            ("async, right after the persist", () => { }, benchmark.Asynchronous),
            ("async, after 5 ms of busy work", () => Spin(5), benchmark.Asynchronous),
            ("async, after a 5 ms sleep", () => Thread.Sleep(5), benchmark.Asynchronous),
            ("sync", () => { }, benchmark.Synchronous),
        };
        var times = cases.Select(_ => new List<double>()).ToArray();
        for (int round = 0; round < saves; round++)
        {
            for (int c = 0; c < cases.Length; c++)
            {
                if (only is { } chosen && c != chosen) continue;
                benchmark.WaitForPersist();
                cases[c].Between();
                long start = Stopwatch.GetTimestamp();
                cases[c].Save();
                times[c].Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            }
        }
        benchmark.WaitForPersist();
        Console.WriteLine("case\tmedian_us\tmean_us\tp90_us");
        for (int c = 0; c < cases.Length; c++)
        {
            if (times[c].Count == 0) continue;
            var sorted = times[c].Order().ToArray();
            Console.WriteLine(string.Join('\t', cases[c].Name, F(sorted[sorted.Length / 2]), F(sorted.Average()), F(sorted[sorted.Length * 9 / 10])));
        }
        benchmark.CleanUp();
    }

    private static string F(double value) => value.ToString("F0", CultureInfo.InvariantCulture);

    private static void Spin(int milliseconds)
    {
        var clock = Stopwatch.StartNew();
        while (clock.ElapsedMilliseconds < milliseconds) Thread.SpinWait(100);
    }
}
