using System.Diagnostics;
using CheckpointGen.Storage;
using CheckpointGen.Storage.ObjectStores;

namespace CheckpointGen.ObjectStorage.Probe;

/// <summary>
/// Where a save's time goes next to the SDK's own upload of the same bytes from memory, with the
/// upload-throughput benchmark's settings (Keep = 1, the same client settings): per phase, the median
/// and mean over a number of each, from <see cref="RequestTimeline"/>. The two sides alternate, in ABBA
/// order, so that a server or machine that slows down over the run weighs on both alike (BenchmarkDotNet
/// runs one side's process after the other's); the paired ratio save / SDK upload is printed last.
/// </summary>
public static class TimelineCommand
{
    public static void Run(string backend, string url, int mebibytes, int count)
    {
        var options = new ObjectStoreOptions { Keep = 1, LockWait = TimeSpan.FromSeconds(30) };
        var state = ByteState.At(1, mebibytes << 20);
        byte[] checkpoint;
        using (var bytes = new MemoryStream())
        {
            Checkpoint.Save(state, bytes);
            checkpoint = bytes.ToArray();
        }
        string prefix = $"timeline-{Guid.NewGuid():N}";
        using var timeline = new RequestTimeline();
        var storage = ObjectStoreTarget.Open(backend, url, prefix, options);
        using var sdk = new SdkUpload(backend, url, prefix, options);
        long sequence = 0;
        void Save() => storage.Save(++sequence, stream =>
        {
            timeline.Mark("serialize-start");
            Checkpoint.Save(state, stream);
            timeline.Mark("serialize-end");
        });
        void Sdk() => sdk.Upload(checkpoint);
        try
        {
            // Steady state, as the benchmark measures it: the serializer and both clients past tiered compilation.
            for (int i = 0; i < 20; i++)
            {
                Save();
                Sdk();
            }
            var save = new Side("save", Save, () => storage.Names.KeyOf(sequence));
            var upload = new Side("SDK upload", Sdk, () => sdk.Key);
            for (int i = 0; i < count; i++)
            {
                bool saveFirst = (i & 1) == 0;
                Measure(saveFirst ? save : upload);
                Measure(saveFirst ? upload : save);
            }
            Print(save);
            Print(upload);
            Console.WriteLine($"save / SDK upload, paired: {PairedRatio.Of(save.Totals, upload.Totals)}");
        }
        finally
        {
            foreach (var saved in storage.List()) storage.Delete(saved);
            storage.Dispose();
        }

        void Measure(Side side)
        {
            var processorTime = Process.GetCurrentProcess().TotalProcessorTime;
            long allocated = GC.GetTotalAllocatedBytes(precise: true);
            timeline.Clear();
            long start = Stopwatch.GetTimestamp();
            side.Operation();
            long end = Stopwatch.GetTimestamp();
            side.Totals.Add(Stopwatch.GetElapsedTime(start, end).TotalMilliseconds);
            side.CpuMs += (Process.GetCurrentProcess().TotalProcessorTime - processorTime).TotalMilliseconds;
            side.AllocatedBytes += GC.GetTotalAllocatedBytes(precise: true) - allocated;
            foreach (var (phase, value) in timeline.Phases(start, end, side.Key()))
            {
                if (!side.Phases.TryGetValue(phase, out var values)) side.Phases[phase] = values = [];
                values.Add(value);
            }
        }

        void Print(Side side)
        {
            Console.WriteLine($"{side.Name} of {mebibytes} MiB to {backend}: {Summary(side.Totals)} ms; this process's CPU {side.CpuMs / count:F1} ms " +
                $"and {side.AllocatedBytes / 1024.0 / count:F0} KiB allocated per {side.Name}");
            foreach (var (phase, values) in side.Phases) Console.WriteLine($"  {phase,-32} {Summary(values)}");
        }
    }

    /// <summary>One side of the comparison and what was measured of it, in the order measured.</summary>
    private sealed class Side(string name, Action operation, Func<string> key)
    {
        public string Name => name;
        public Action Operation => operation;
        public Func<string> Key => key;
        public List<double> Totals { get; } = [];
        public Dictionary<string, List<double>> Phases { get; } = [];
        public double CpuMs { get; set; }
        public long AllocatedBytes { get; set; }
    }

    private static string Summary(List<double> measured)
    {
        var values = measured.Order().ToList();
        return $"median {values[values.Count / 2],8:F2}  mean {values.Average(),8:F2}  (n = {values.Count})";
    }
}
