using System.Diagnostics;

namespace CheckpointGen.Training.Tests.Support;

/// <summary>
/// Runs work on a thread that shares one CPU with a thread that allocates without pause, so the work is often
/// descheduled in the middle of a native call while the other thread runs garbage collections and the finalizer
/// thread (free to use another CPU) runs the finalizers they queue: the conditions of the GEM crash on a loaded
/// machine (docs/baselines.md, "The GEM crash"), made certain on an idle one.
/// </summary>
internal static class SharedCpuGcRace
{
    /// <summary>What a run did: the first error of the work (if any), iterations done, collections seen.</summary>
    public sealed record Outcome(Exception? Error, long Iterations, int Collections, TimeSpan Elapsed);

    /// <summary>
    /// Calls <paramref name="iteration"/> until the other thread has caused <paramref name="collections"/> garbage
    /// collections, <paramref name="limit"/> has passed, or it throws.
    /// </summary>
    public static Outcome Run(Action iteration, int collections, TimeSpan limit)
    {
        int cpu = CpuAffinity.FirstAllowedCpu();
        bool stop = false;
        var pressure = new Thread(() =>
        {
            CpuAffinity.PinCurrentThread(cpu);
            while (!Volatile.Read(ref stop)) GC.KeepAlive(new byte[1024]);
        }) { IsBackground = true, Name = "gc-race pressure" };
        Exception? error = null;
        long done = 0;
        int collectionsBefore = GC.CollectionCount(0);
        var clock = Stopwatch.StartNew();
        var worker = new Thread(() =>
        {
            CpuAffinity.PinCurrentThread(cpu);
            try
            {
                while (GC.CollectionCount(0) - collectionsBefore < collections && clock.Elapsed < limit)
                {
                    iteration();
                    done++;
                }
            }
            catch (Exception e)
            {
                error = e;
            }
        }) { Name = "gc-race work" };
        pressure.Start();
        worker.Start();
        worker.Join();
        Volatile.Write(ref stop, true);
        pressure.Join();
        return new Outcome(error, done, GC.CollectionCount(0) - collectionsBefore, clock.Elapsed);
    }
}
