using System.Runtime.InteropServices;

namespace CheckpointGen.Training.Checkpointing;

/// <summary>
/// Turns SIGTERM, SIGINT (Ctrl-C) and SIGUSR1 (what SLURM sends before preemption) into a request
/// to stop at the next checkpoint point: the <see cref="CheckpointPlugin"/> saves there and throws
/// <see cref="TrainingStoppedException"/>, which the program turns into exit code
/// <see cref="ExitCode"/>. A second signal stops the process at once (exit code 130), without
/// touching the last complete checkpoint.
/// </summary>
public sealed class GracefulStop : IDisposable
{
    /// <summary>
    /// The exit code of a run stopped gracefully after saving: 75 (EX_TEMPFAIL, "try again later"),
    /// so a scheduler or a wrapper script can tell "resumable" from "failed" and requeue the job.
    /// </summary>
    public const int ExitCode = 75;

    /// <summary>The exit code of a second signal: stop at once, like an interrupted shell command.</summary>
    public const int ImmediateExitCode = 130;

    private const int SigUsr1 = 10; // Linux x86-64 and arm64
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly Action<string> _log;
    private int _signals;

    /// <summary>Installs the signal handlers (on platforms without POSIX signals only Ctrl-C is caught).</summary>
    public GracefulStop(Action<string>? log = null)
    {
        _log = log ?? (message => Console.Error.WriteLine(message));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal));
        if (OperatingSystem.IsLinux())
            _registrations.Add(PosixSignalRegistration.Create((PosixSignal)SigUsr1, OnSignal));
    }

    /// <summary>True once a stop was requested (by a signal or <see cref="Request"/>).</summary>
    public bool IsRequested => Volatile.Read(ref _signals) > 0;

    /// <summary>Requests a stop at the next checkpoint point, as a signal would.</summary>
    public void Request(string reason = "requested")
    {
        if (Interlocked.Increment(ref _signals) == 1)
            _log($"Stop {reason}: finishing to the next checkpoint, then exiting with code {ExitCode}. Send the signal again to stop at once.");
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (Volatile.Read(ref _signals) > 0)
        {
            // Second signal: let the default action end the process now. The last complete checkpoint is intact (saves are atomic).
            _log($"Second {context.Signal}: stopping at once.");
            context.Cancel = false;
            Environment.Exit(ImmediateExitCode);
            return;
        }
        context.Cancel = true;
        Request($"signal {Name(context.Signal)}");
    }

    private static string Name(PosixSignal signal) => (int)signal == SigUsr1 ? "SIGUSR1" : signal.ToString();

    /// <summary>Removes the signal handlers.</summary>
    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _registrations.Clear();
    }
}

/// <summary>Thrown by <see cref="CheckpointPlugin"/> after it saved a checkpoint because a graceful stop was requested; exit with <see cref="GracefulStop.ExitCode"/>.</summary>
public sealed class TrainingStoppedException(string message) : Exception(message);
