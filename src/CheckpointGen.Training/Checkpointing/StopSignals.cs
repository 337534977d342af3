using System.Globalization;
using System.Runtime.InteropServices;

namespace CheckpointGen.Training.Checkpointing;

/// <summary>
/// The POSIX signals a run can be stopped with, by name and number, and which of them this process
/// ignores. .NET names only the portable signals; SIGUSR1 and SIGUSR2 are passed as raw numbers.
/// </summary>
public static class StopSignals
{
    /// <summary>SIGUSR1: what SLURM sends before a time limit or preemption when asked (<c>--signal=USR1@90</c>).</summary>
    public static PosixSignal Usr1 => (PosixSignal)(OperatingSystem.IsMacOS() ? 30 : 10);

    /// <summary>SIGUSR2.</summary>
    public static PosixSignal Usr2 => (PosixSignal)(OperatingSystem.IsMacOS() ? 31 : 12);

    /// <summary>The signals <see cref="GracefulStop"/> handles unless told otherwise: SIGTERM, SIGINT and SIGUSR1.</summary>
    public static IReadOnlyList<PosixSignal> Default =>
        OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() ? [PosixSignal.SIGTERM, PosixSignal.SIGINT, Usr1] : [PosixSignal.SIGINT];

    /// <summary>The conventional name of <paramref name="signal"/> (SIGTERM, SIGUSR1…).</summary>
    public static string Name(PosixSignal signal)
    {
        if (signal == Usr1) return "SIGUSR1";
        if (signal == Usr2) return "SIGUSR2";
        return (int)signal > 0 ? $"signal {(int)signal}" : signal.ToString();
    }

    /// <summary>
    /// Those of <paramref name="signals"/> this process ignores, read from the kernel's view
    /// (<c>SigIgn</c> in <c>/proc/self/status</c>; empty where there is none). A process started in
    /// the background by a non-interactive shell (<c>cmd &amp;</c> in a script, nohup) inherits SIGINT
    /// as ignored and .NET keeps it so: such a signal can never reach a handler.
    /// </summary>
    public static IReadOnlyList<PosixSignal> Ignored(IEnumerable<PosixSignal> signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        if (!OperatingSystem.IsLinux()) return [];
        string status;
        try
        {
            status = File.ReadAllText("/proc/self/status");
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
        ulong mask = IgnoredMask(status);
        return [.. signals.Where(s => LinuxNumber(s) is int n && (mask & (1UL << (n - 1))) != 0)];
    }

    /// <summary>The <c>SigIgn</c> mask of a <c>/proc/PID/status</c> text (bit n−1 set: signal n ignored); 0 when it has none.</summary>
    internal static ulong IgnoredMask(string status)
    {
        foreach (string line in status.Split('\n'))
        {
            if (!line.StartsWith("SigIgn:", StringComparison.Ordinal)) continue;
            string hex = line["SigIgn:".Length..].Trim();
            return ulong.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong mask) ? mask : 0;
        }
        return 0;
    }

    /// <summary>The Linux number of a signal (.NET's portable names are negative values).</summary>
    internal static int? LinuxNumber(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGHUP => 1,
        PosixSignal.SIGINT => 2,
        PosixSignal.SIGQUIT => 3,
        PosixSignal.SIGTERM => 15,
        _ when (int)signal is > 0 and <= 64 => (int)signal,
        _ => null,
    };
}
