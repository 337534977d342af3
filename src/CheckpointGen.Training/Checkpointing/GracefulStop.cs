using System.Runtime.InteropServices;

namespace CheckpointGen.Training.Checkpointing;

/// <summary>
/// Turns SIGTERM, SIGINT (Ctrl-C) and SIGUSR1 (what SLURM sends before a time limit or preemption)
/// into a request to stop at the next checkpoint point: the <see cref="CheckpointPlugin"/> saves
/// there and throws <see cref="TrainingStoppedException"/>, which the program turns into exit code
/// <see cref="ExitCode"/>.
/// </summary>
/// <remarks>
/// Once a stop is pending, a second SIGINT (Ctrl-C pressed again) stops the process at once (exit
/// code 130) without touching the last complete checkpoint. A later SIGTERM or SIGUSR1 is only
/// logged: SLURM sends SIGTERM after its warning signal when it requeues, preempts or times out a
/// job (and when the run requeues itself), and that must not cut the save short; SLURM's SIGKILL,
/// KillWait seconds later, is the hard limit. Signals this process ignores (SIGINT, for a program a
/// script started in the background) can never arrive; they are named in the log at start.
/// </remarks>
public sealed class GracefulStop : IDisposable
{
    /// <summary>
    /// The exit code of a run stopped gracefully after saving: 75 (EX_TEMPFAIL, "try again later"),
    /// so a scheduler or a wrapper script can tell "resumable" from "failed" and requeue the job.
    /// </summary>
    public const int ExitCode = 75;

    /// <summary>The exit code of a second Ctrl-C: stop at once, like an interrupted shell command.</summary>
    public const int ImmediateExitCode = 130;

    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly Action<string> _log;
    private readonly Action<int> _exit;
    private readonly Lock _gate = new();
    private volatile bool _requested;
    private PosixSignal? _signal;

    /// <summary>Installs the signal handlers (on platforms without POSIX signals only Ctrl-C is caught).</summary>
    /// <param name="log">Told about stop requests and ignored signals (standard error without one).</param>
    /// <param name="signals">The signals that request a stop; <see cref="StopSignals.Default"/> (SIGTERM, SIGINT, SIGUSR1) when null.</param>
    public GracefulStop(Action<string>? log = null, IEnumerable<PosixSignal>? signals = null)
        : this(log, signals, Environment.Exit, register: true)
    {
    }

    /// <summary>For tests: <paramref name="exit"/> replaces <see cref="Environment.Exit"/>; without <paramref name="register"/> no handler is installed.</summary>
    internal GracefulStop(Action<string>? log, IEnumerable<PosixSignal>? signals, Action<int> exit, bool register)
    {
        _log = log ?? (message => Console.Error.WriteLine(message));
        _exit = exit;
        Signals = [.. signals ?? StopSignals.Default];
        if (register)
        {
            foreach (var signal in Signals) _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
            // Read after registering: .NET keeps an inherited SIG_IGN for SIGINT (and for raw signal
            // numbers) but replaces it for SIGTERM, so only what is still ignored now cannot arrive.
            IgnoredSignals = StopSignals.Ignored(Signals);
        }
        else
        {
            IgnoredSignals = [];
        }
        if (IgnoredSignals.Count > 0) _log(IgnoredMessage());
    }

    /// <summary>The signals that request a stop.</summary>
    public IReadOnlyList<PosixSignal> Signals { get; }

    /// <summary>Those of <see cref="Signals"/> this process ignores, so they can never stop it (inherited: a background job of a script ignores SIGINT).</summary>
    public IReadOnlyList<PosixSignal> IgnoredSignals { get; }

    /// <summary>True once a stop was requested (by a signal or <see cref="Request"/>).</summary>
    public bool IsRequested => _requested;

    /// <summary>The signal that requested the stop; null when none did (no stop yet, or <see cref="Request"/>).</summary>
    public PosixSignal? Signal
    {
        get
        {
            lock (_gate) return _signal;
        }
    }

    /// <summary>Requests a stop at the next checkpoint point, as a signal would.</summary>
    public void Request(string reason = "requested") => TryRequest(null, reason);

    /// <summary>What a signal does: the first requests a stop; a second SIGINT stops at once; anything else is logged.</summary>
    internal void Handle(PosixSignal signal)
    {
        if (TryRequest(signal, $"signal {StopSignals.Name(signal)}")) return;
        if (signal == PosixSignal.SIGINT)
        {
            // The last complete checkpoint is intact (saves are atomic): let the user have the process end now.
            _log($"Second SIGINT: stopping at once (exit code {ImmediateExitCode}).");
            _exit(ImmediateExitCode);
            return;
        }
        _log($"{StopSignals.Name(signal)} while stopping: still saving at the next checkpoint point, then exiting with code {ExitCode} (SIGKILL stops at once).");
    }

    private bool TryRequest(PosixSignal? signal, string reason)
    {
        lock (_gate)
        {
            if (_requested) return false;
            _signal = signal;
            _requested = true;
        }
        string atOnce = Signals.Contains(PosixSignal.SIGINT) && !IgnoredSignals.Contains(PosixSignal.SIGINT)
            ? "Press Ctrl-C again (SIGINT) to stop at once."
            : $"kill -9 {Environment.ProcessId} stops at once.";
        _log($"Stop ({reason}): saving at the next checkpoint point, then exiting with code {ExitCode}. {atOnce}");
        return true;
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        Handle(context.Signal);
    }

    private string IgnoredMessage()
    {
        string ignored = string.Join(" and ", IgnoredSignals.Select(StopSignals.Name));
        var others = Signals.Except(IgnoredSignals).Select(StopSignals.Name).ToList();
        string rest = others.Count == 0
            ? "no signal can stop it gracefully"
            : $"{string.Join(" or ", others)} still stop it gracefully (kill -{others[0].Replace("SIG", "", StringComparison.Ordinal)} {Environment.ProcessId})";
        return $"{ignored} {(IgnoredSignals.Count == 1 ? "is" : "are")} ignored by this process, so {(IgnoredSignals.Count == 1 ? "it" : "they")} cannot stop it "
            + $"(inherited from whatever started it: a script that runs a program in the background with '&', or nohup, makes it ignore SIGINT); {rest}.";
    }

    /// <summary>Removes the signal handlers.</summary>
    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _registrations.Clear();
    }
}

/// <summary>Thrown by <see cref="CheckpointPlugin"/> after it saved a checkpoint because a graceful stop was requested; exit with <see cref="GracefulStop.ExitCode"/>.</summary>
public sealed class TrainingStoppedException(string message) : Exception(message);
