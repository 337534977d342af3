namespace CheckpointGen.Samples.Tests;

/// <summary>
/// The sample's graceful stop against the signal sequences it meets outside a terminal: a stop
/// signal it inherited as ignored, and the SIGTERM that SLURM sends after its warning signal.
/// </summary>
public sealed class SampleSignalTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ckpt-sample-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_run_started_with_SIGINT_ignored_says_so_at_start_and_still_stops_gracefully_on_SIGTERM()
    {
        if (!OperatingSystem.IsLinux()) return; // env --ignore-signal, Linux signal numbers
        var run = new SampleRun(Path.Combine(_root, "ignored"));
        using var process = SampleProcess.Start(run.Arguments("naive", "--train-limit", "2000"), ignoredSignals: "INT");
        Assert.True(process.WaitForOutput("Start of training phase"), $"The run ended before it trained:\n{process.Output}");
        Assert.Contains("SIGINT is ignored by this process", process.Output);
        Assert.Contains($"SIGTERM or SIGUSR1 still stop it gracefully (kill -TERM {process.Id})", process.Output);
        process.Signal(SampleProcess.SigTerm);
        int code = process.WaitForExit(SampleRun.Timeout);
        Assert.True(code == 75, $"SIGTERM must stop the run gracefully (75), not {code}:\n{process.Output}");
    }

    [Fact]
    public void A_run_started_normally_does_not_warn_about_ignored_signals()
    {
        var run = new SampleRun(Path.Combine(_root, "normal"));
        var (code, output, _) = run.RunToEnd(run.Arguments("naive", "--exit-early", "0"));
        Assert.Equal(0, code);
        Assert.DoesNotContain("ignored by this process", output);
    }

    [Fact]
    public void SIGTERM_during_the_save_that_SIGUSR1_asked_for_does_not_cut_it_short()
    {
        if (!OperatingSystem.IsLinux()) return;
        var run = new SampleRun(Path.Combine(_root, "usr1-term"));
        using var process = SampleProcess.Start(run.Arguments("naive", "--train-limit", "2000"));
        Assert.True(process.WaitForOutput("Start of training phase"), $"The run ended before it trained:\n{process.Output}");
        // The warning, then SIGTERM while the checkpoint it asked for is being written (a temporary file exists).
        process.Signal(SampleProcess.SigUsr1);
        bool duringSave = run.WaitForSaveInProgress(process);
        if (duringSave) process.Signal(SampleProcess.SigTerm);
        Assert.True(duringSave, $"No save was seen in progress after SIGUSR1; the test proves nothing:\n{process.Output}");
        int code = process.WaitForExit(SampleRun.Timeout);
        Assert.True(code == 75, $"USR1 then TERM during the save must end with 75, not {code}:\n{process.Output}");
        Assert.Contains("Stopped after saving checkpoint", process.Output);
        Assert.DoesNotContain("stopping at once", process.Output);
        run.AssertEveryCheckpointVerifies();
    }
}
