using System.Globalization;

namespace CheckpointGen.PerfBenchmarks.Probes;

/// <summary>
/// Runs epochs of <see cref="DerThroughputBenchmarks"/>' two sides in this process and prints, per epoch, the
/// <see cref="ProcessCounters"/> it cost: CPU time rather than wall time, so that runs on a shared machine compare.
/// </summary>
/// <remarks>Run: <c>dotnet run -c Release --project tests/CheckpointGen.PerfBenchmarks -- probe-der hand|template|both [epochs]</c></remarks>
public static class DerEpochProbe
{
    /// <summary>Runs the probe; <paramref name="args"/> are the side(s) and the number of epochs of each.</summary>
    public static void Run(string[] args)
    {
        string side = args.Length > 0 ? args[0] : "both";
        int epochs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        if (side is not ("hand" or "template" or "both"))
            throw new ArgumentException($"The side must be hand, template or both, not '{side}'.", nameof(args));
        var benchmark = new DerThroughputBenchmarks();
        benchmark.Setup();
        Console.WriteLine("side\tepoch\twall_ms\tcpu_ms\tthread_ms\tminflt\tmajflt\tvcsw\tivcsw\tmmap_chunks\tmmap_kib\theap_kib\tgen0\tgen1\tgen2\talloc_kib\ttensors_new\ttensors_disposed");
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            if (side is "hand" or "both") Measure("hand", epoch, () => benchmark.HandWritten());
            if (side is "template" or "both") Measure("template", epoch, () => benchmark.Template());
        }
        PrintThreads();
    }

    /// <summary>The process's threads that used more than 10 ms of CPU, from /proc: work done beside the training thread.</summary>
    private static void PrintThreads()
    {
        Console.WriteLine($"torch threads: {TorchSharp.torch.get_num_threads()}; threads with CPU time (ms):");
        foreach (var task in Directory.GetDirectories("/proc/self/task"))
        {
            string stat;
            try { stat = File.ReadAllText(Path.Combine(task, "stat")); }
            catch (IOException) { continue; }
            int close = stat.LastIndexOf(')');
            string name = stat[(stat.IndexOf('(') + 1)..close];
            var fields = stat[(close + 2)..].Split(' ');
            double ms = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 1000.0 / 100;
            if (ms > 10) Console.WriteLine($"  {Path.GetFileName(task)} {name}: {ms:F0}");
        }
    }

    private static void Measure(string side, int epoch, Func<long> run)
    {
        var before = ProcessCounters.Read();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        run();
        double wallMs = clock.Elapsed.TotalMilliseconds;
        var d = ProcessCounters.Read().Since(before);
        Console.WriteLine(string.Join('\t', side, epoch, wallMs.ToString("F0", CultureInfo.InvariantCulture), d.ProcessCpuMs.ToString("F0", CultureInfo.InvariantCulture), d.ThreadCpuMs.ToString("F0", CultureInfo.InvariantCulture),
            d.MinorFaults, d.MajorFaults, d.VoluntarySwitches, d.InvoluntarySwitches, d.MmappedChunks, d.MmappedBytes / 1024, d.HeapBytes / 1024,
            d.Gen0, d.Gen1, d.Gen2, d.AllocatedBytes / 1024, d.TensorsCreated, d.TensorsDisposed));
    }
}
