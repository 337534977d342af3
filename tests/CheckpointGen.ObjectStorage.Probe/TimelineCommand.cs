using System.Diagnostics;
using CheckpointGen.Storage;
using CheckpointGen.Storage.ObjectStores;

namespace CheckpointGen.ObjectStorage.Probe;

/// <summary>
/// Where a save's time goes next to the SDK's own upload of the same bytes from memory, as the
/// upload-throughput benchmark runs them (Keep = 1, saves back to back, the same client settings):
/// per phase, the median and mean over a number of each, from <see cref="RequestTimeline"/>.
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
            Measure("save", Save, () => storage.Names.KeyOf(sequence));
            Measure("SDK upload", Sdk, () => sdk.Key);
        }
        finally
        {
            foreach (var saved in storage.List()) storage.Delete(saved);
            storage.Dispose();
        }

        void Measure(string name, Action operation, Func<string> key)
        {
            var totals = new List<double>();
            var phases = new Dictionary<string, List<double>>();
            var processorTime = Process.GetCurrentProcess().TotalProcessorTime;
            long allocated = GC.GetTotalAllocatedBytes(precise: true);
            for (int i = 0; i < count; i++)
            {
                timeline.Clear();
                long start = Stopwatch.GetTimestamp();
                operation();
                long end = Stopwatch.GetTimestamp();
                totals.Add(Stopwatch.GetElapsedTime(start, end).TotalMilliseconds);
                foreach (var (phase, value) in timeline.Phases(start, end, key()))
                {
                    if (!phases.TryGetValue(phase, out var values)) phases[phase] = values = [];
                    values.Add(value);
                }
            }
            double cpu = (Process.GetCurrentProcess().TotalProcessorTime - processorTime).TotalMilliseconds / count;
            double kib = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1024.0 / count;
            Console.WriteLine($"{name} of {mebibytes} MiB to {backend}: {Summary(totals)} ms; this process's CPU {cpu:F1} ms and {kib:F0} KiB allocated per {name}");
            foreach (var (phase, values) in phases) Console.WriteLine($"  {phase,-32} {Summary(values)}");
        }
    }

    private static string Summary(List<double> values)
    {
        values.Sort();
        return $"median {values[values.Count / 2],8:F2}  mean {values.Average(),8:F2}  (n = {values.Count})";
    }
}
