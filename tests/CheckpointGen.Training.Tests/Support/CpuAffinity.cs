using System.Runtime.InteropServices;

namespace CheckpointGen.Training.Tests.Support;

/// <summary>Pins the calling thread to one CPU (Linux; elsewhere a no-op, which makes the race rarer, not the tests wrong).</summary>
internal static class CpuAffinity
{
    private const int MaskWords = 16;

    public static int FirstAllowedCpu()
    {
        if (!OperatingSystem.IsLinux()) return 0;
        var mask = new ulong[MaskWords];
        if (sched_getaffinity(0, MaskWords * sizeof(ulong), mask) != 0) return 0;
        for (int cpu = 0; cpu < MaskWords * 64; cpu++)
            if ((mask[cpu / 64] & (1UL << (cpu % 64))) != 0) return cpu;
        return 0;
    }

    public static void PinCurrentThread(int cpu)
    {
        if (!OperatingSystem.IsLinux()) return;
        var mask = new ulong[MaskWords];
        mask[cpu / 64] = 1UL << (cpu % 64);
        // pid 0 is the calling thread: only this thread is pinned, not the test host.
        if (sched_setaffinity(0, MaskWords * sizeof(ulong), mask) != 0)
            throw new InvalidOperationException($"sched_setaffinity failed (errno {Marshal.GetLastPInvokeError()})");
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int sched_setaffinity(int pid, nint cpusetsize, ulong[] mask);

    [DllImport("libc", SetLastError = true)]
    private static extern int sched_getaffinity(int pid, nint cpusetsize, ulong[] mask);
}
