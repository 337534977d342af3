using System.Runtime.InteropServices;
using CheckpointGen.Training.Checkpointing;
using Xunit;

namespace CheckpointGen.Training.Tests.Checkpointing;

public sealed class StopSignalsTests
{
    // Lines of a real /proc/PID/status of a background job of a script: SIGINT (2), SIGQUIT (3) and SIGPIPE (13) ignored.
    private const string BackgroundJobStatus = "Name:\tdotnet\nSigQ:\t0/95853\nSigPnd:\t0000000000000000\nShdPnd:\t0000000000000000\nSigBlk:\t0000000000000000\nSigIgn:\t0000000000001006\nSigCgt:\t00000003000246f8\n";

    [Fact]
    public void The_ignored_mask_is_read_from_the_SigIgn_line()
    {
        ulong mask = StopSignals.IgnoredMask(BackgroundJobStatus);
        Assert.Equal(0x1006UL, mask);
        Assert.NotEqual(0UL, mask & (1UL << (StopSignals.LinuxNumber(PosixSignal.SIGINT)!.Value - 1)));
        Assert.Equal(0UL, mask & (1UL << (StopSignals.LinuxNumber(PosixSignal.SIGTERM)!.Value - 1)));
    }

    [Fact]
    public void A_status_without_a_SigIgn_line_or_with_a_damaged_one_ignores_nothing()
    {
        Assert.Equal(0UL, StopSignals.IgnoredMask("Name:\tx\n"));
        Assert.Equal(0UL, StopSignals.IgnoredMask("SigIgn:\tnot-hex\n"));
    }

    [Fact]
    public void Signals_have_their_Linux_numbers_and_names()
    {
        Assert.Equal(2, StopSignals.LinuxNumber(PosixSignal.SIGINT));
        Assert.Equal(15, StopSignals.LinuxNumber(PosixSignal.SIGTERM));
        if (OperatingSystem.IsLinux()) Assert.Equal(10, StopSignals.LinuxNumber(StopSignals.Usr1));
        Assert.Null(StopSignals.LinuxNumber((PosixSignal)(-1000))); // a portable name this code does not map
        Assert.Equal("SIGUSR1", StopSignals.Name(StopSignals.Usr1));
        Assert.Equal("SIGTERM", StopSignals.Name(PosixSignal.SIGTERM));
    }
}
