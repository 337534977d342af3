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

    /// <summary>Calls <paramref name="iteration"/> until <paramref name="time"/> has passed or it throws.</summary>
    public static Outcome Run(Action iteration, TimeSpan time)
    {
        var clock = Stopwatch.StartNew();
        return Race(() =>
        {
            long done = 0;
            for (; clock.Elapsed < time; done++) iteration();
            return done;
        });
    }

    /// <summary>Runs <paramref name="work"/> once under the race.</summary>
    public static Outcome RunOnce(Action work) => Race(() =>
    {
        work();
        return 1;
    });

    private static Outcome Race(Func<long> work)
    {
        int cpu = CpuAffinity.FirstAllowedCpu();
        bool stop = false;
        var pressure = new Thread(() =>
        {
            CpuAffinity.PinCurrentThread(cpu);
            while (!Volatile.Read(ref stop)) GC.KeepAlive(new byte[1024]);
        }) { IsBackground = true, Name = "gc-race pressure" };
        Exception? error = null;
        long iterations = 0;
        int collectionsBefore = GC.CollectionCount(0);
        var clock = Stopwatch.StartNew();
        var worker = new Thread(() =>
        {
            CpuAffinity.PinCurrentThread(cpu);
            try
            {
                iterations = work();
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
        return new Outcome(error, iterations, GC.CollectionCount(0) - collectionsBefore, clock.Elapsed);
    }
}
