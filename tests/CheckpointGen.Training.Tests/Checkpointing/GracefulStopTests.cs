using System.Runtime.InteropServices;
using CheckpointGen.Training.Checkpointing;
using Xunit;

namespace CheckpointGen.Training.Tests.Checkpointing;

/// <summary>
/// The signal sequences a run meets (Ctrl-C at a terminal; SLURM's warning signal followed by the
/// SIGTERM of a requeue, a preemption or a time limit), handled without real signals: the handler
/// is called directly and "exit at once" is recorded instead of ending the test host.
/// </summary>
public sealed class GracefulStopTests
{
    private readonly List<string> _log = [];
    private readonly List<int> _exits = [];

    private GracefulStop Create() => new(_log.Add, signals: null, exit: _exits.Add, register: false);

    [Fact]
    public void The_first_signal_requests_a_stop_and_remembers_which_signal_it_was()
    {
        var stop = Create();
        Assert.False(stop.IsRequested);
        stop.Handle(StopSignals.Usr1);
        Assert.True(stop.IsRequested);
        Assert.Equal(StopSignals.Usr1, stop.Signal);
        Assert.Empty(_exits);
        Assert.Contains("SIGUSR1", Assert.Single(_log));
    }

    [Fact]
    public void SIGTERM_after_the_warning_signal_does_not_cut_the_save_short()
    {
        // SLURM: SIGUSR1 before the time limit, the run saves; then the requeue (or the time limit,
        // or a preemption) makes slurmctld send SIGTERM, during the save or after it.
        var stop = Create();
        stop.Handle(StopSignals.Usr1);
        stop.Handle(PosixSignal.SIGTERM);
        stop.Handle(PosixSignal.SIGTERM);
        Assert.Empty(_exits);
        Assert.True(stop.IsRequested);
        Assert.Equal(StopSignals.Usr1, stop.Signal); // the stop stays a requeue stop
        Assert.Equal(3, _log.Count);
        Assert.All(_log.Skip(1), line => Assert.StartsWith("SIGTERM while stopping: still saving", line));
    }

    [Fact]
    public void A_repeated_SIGTERM_or_SIGUSR1_is_logged_and_changes_nothing()
    {
        var stop = Create();
        stop.Handle(PosixSignal.SIGTERM);
        stop.Handle(StopSignals.Usr1);
        stop.Handle(PosixSignal.SIGTERM);
        Assert.Empty(_exits);
        Assert.Equal(PosixSignal.SIGTERM, stop.Signal);
    }

    [Fact]
    public void A_second_Ctrl_C_stops_at_once_with_130()
    {
        var stop = Create();
        stop.Handle(PosixSignal.SIGINT);
        Assert.Empty(_exits);
        stop.Handle(PosixSignal.SIGINT);
        Assert.Equal([GracefulStop.ImmediateExitCode], _exits);
    }

    [Fact]
    public void Ctrl_C_after_the_warning_signal_stops_at_once()
    {
        var stop = Create();
        stop.Handle(StopSignals.Usr1);
        stop.Handle(PosixSignal.SIGINT);
        Assert.Equal([GracefulStop.ImmediateExitCode], _exits);
    }

    [Fact]
    public void A_request_in_code_has_no_signal()
    {
        var stop = Create();
        stop.Request("by the test");
        Assert.True(stop.IsRequested);
        Assert.Null(stop.Signal);
        stop.Handle(StopSignals.Usr1);
        Assert.Null(stop.Signal); // a later signal does not turn it into a requeue stop
        Assert.Empty(_exits);
    }

    [Fact]
    public void Signals_arriving_together_request_one_stop()
    {
        var stop = Create();
        Parallel.For(0, 64, i => stop.Handle(i % 2 == 0 ? PosixSignal.SIGTERM : StopSignals.Usr1));
        Assert.Empty(_exits);
        Assert.Single(_log, line => line.StartsWith("Stop (", StringComparison.Ordinal));
    }
}
