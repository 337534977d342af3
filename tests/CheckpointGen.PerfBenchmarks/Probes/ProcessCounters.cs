using System.Runtime.InteropServices;
using TorchSharp;

namespace CheckpointGen.PerfBenchmarks.Probes;

/// <summary>
/// One reading of the counters the probes compare: CPU time of the process and of the calling thread, page faults,
/// context switches (getrusage), glibc's heap (mallinfo2), .NET collections and allocations, TorchSharp's tensor counts.
/// Linux only.
/// </summary>
public readonly record struct ProcessCounters(
    double ProcessCpuMs, double ThreadCpuMs, long MinorFaults, long MajorFaults, long VoluntarySwitches, long InvoluntarySwitches,
    long MmappedChunks, long MmappedBytes, long HeapBytes, long HeapFreeBytes,
    int Gen0, int Gen1, int Gen2, long AllocatedBytes, long TensorsCreated, long TensorsDisposed)
{
    /// <summary>Reads the counters now.</summary>
    public static ProcessCounters Read()
    {
        getrusage(RusageSelf, out var self);
        getrusage(RusageThread, out var thread);
        var heap = mallinfo2();
        var tensors = DisposeScopeManager.Statistics.TensorStatistics;
        return new ProcessCounters(
            Milliseconds(self.UserTime) + Milliseconds(self.SystemTime), Milliseconds(thread.UserTime) + Milliseconds(thread.SystemTime),
            self.MinorFaults, self.MajorFaults, self.VoluntarySwitches, self.InvoluntarySwitches,
            (long)heap.hblks, (long)heap.hblkhd, (long)heap.arena, (long)heap.fordblks,
            GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalAllocatedBytes(precise: true),
            tensors.CreatedInScopeCount + tensors.CreatedOutsideScopeCount, tensors.DisposedInScopeCount + tensors.DisposedOutsideScopeCount);
    }

    /// <summary>What changed from <paramref name="before"/> to this reading (the heap's figures are this reading's).</summary>
    public ProcessCounters Since(ProcessCounters before) => this with
    {
        ProcessCpuMs = ProcessCpuMs - before.ProcessCpuMs,
        ThreadCpuMs = ThreadCpuMs - before.ThreadCpuMs,
        MinorFaults = MinorFaults - before.MinorFaults,
        MajorFaults = MajorFaults - before.MajorFaults,
        VoluntarySwitches = VoluntarySwitches - before.VoluntarySwitches,
        InvoluntarySwitches = InvoluntarySwitches - before.InvoluntarySwitches,
        Gen0 = Gen0 - before.Gen0,
        Gen1 = Gen1 - before.Gen1,
        Gen2 = Gen2 - before.Gen2,
        AllocatedBytes = AllocatedBytes - before.AllocatedBytes,
        TensorsCreated = TensorsCreated - before.TensorsCreated,
        TensorsDisposed = TensorsDisposed - before.TensorsDisposed,
    };

    private const int RusageSelf = 0;
    private const int RusageThread = 1;

    private static double Milliseconds(TimeVal t) => t.Seconds * 1e3 + t.Microseconds / 1e3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeVal
    {
        public long Seconds;
        public long Microseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Rusage
    {
        public TimeVal UserTime;
        public TimeVal SystemTime;
        public long MaxRss, IxRss, IdRss, IsRss, MinorFaults, MajorFaults, Swaps, BlocksIn, BlocksOut, MessagesSent, MessagesReceived, Signals;
        public long VoluntarySwitches, InvoluntarySwitches;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo2
    {
        public nuint arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks, fordblks, keepcost;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int getrusage(int who, out Rusage usage);

    [DllImport("libc")]
    private static extern MallInfo2 mallinfo2();
}
