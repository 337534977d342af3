using CheckpointGen.Tests.Storage.Faults;

namespace CheckpointGen.Samples.Tests;

/// <summary>
/// The sample on a real full disk (a small tmpfs) and in a folder it may not write (mode 555, the
/// sample run as root without the capabilities that bypass permissions): it stops with a message
/// naming the file and exit code 74 instead of an unhandled exception, leaves every checkpoint it
/// saved restorable, and once the fault is repaired the same command resumes to exactly the end of
/// an uninterrupted run.
/// </summary>
public sealed class SampleStorageFaultTests : IDisposable
{
    private const long MiB = 1024 * 1024;

    /// <summary>Room for the run's logs and a checkpoint or two, not for all it keeps (two checkpoints and the one being written).</summary>
    private const long SmallDisk = 6 * MiB;

    private readonly string _root = Directory.CreateTempSubdirectory("ckpt-sample-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private SampleRun Straight(string strategy)
    {
        var straight = new SampleRun(Path.Combine(_root, "straight"));
        var (code, output, _) = straight.RunToEnd(straight.Arguments(strategy));
        Assert.True(code == 0, $"The uninterrupted run failed with exit code {code}:\n{output}");
        return straight;
    }

    private static void AssertStoppedByTheFullDisk(SampleRun run, (int ExitCode, string Output, TimeSpan Elapsed) result)
    {
        Assert.True(result.ExitCode == 74, $"A full disk must stop the sample with exit code 74, not {result.ExitCode}:\n{result.Output}");
        Assert.DoesNotContain("Unhandled exception", result.Output);
        Assert.Contains("No space left on the device while", result.Output);
        Assert.Contains(run.Output, result.Output);
        Assert.Contains("df -h", result.Output);
        Assert.Empty(run.TemporaryFiles());
        run.AssertEveryCheckpointVerifies();
    }

    [RealFaultFact]
    public void A_full_disk_stops_the_sample_with_exit_code_74_and_advice_and_after_freeing_space_it_resumes_to_the_same_end()
    {
        RealFaults.Require();
        var straight = Straight("naive");
        using var disk = TmpfsMount.Create(SmallDisk);
        var run = new SampleRun(disk.File("run"));

        var full = run.RunToEnd(run.Arguments("naive"));

        AssertStoppedByTheFullDisk(run, full);
        Assert.Contains("Training stopped here. Once that is fixed, run the same command again: it resumes from checkpoint", full.Output);
        Assert.NotEmpty(Directory.GetFiles(run.CheckpointFolder, "*.ckpt"));
        disk.Resize(64 * MiB);
        var resumed = run.RunToEnd(run.Arguments("naive"));
        Assert.True(resumed.ExitCode == 0, $"The run resumed after freeing space failed:\n{resumed.Output}");
        Assert.Contains("Resuming at training experience", resumed.Output);
        run.AssertSameResultsAs(straight);
    }

    [RealFaultFact]
    public void With_retry_failed_saves_a_full_disk_does_not_stop_training_and_the_results_equal_the_uninterrupted_run()
    {
        RealFaults.Require();
        var straight = Straight("naive");
        using var disk = TmpfsMount.Create(SmallDisk);
        var run = new SampleRun(disk.File("run"));

        var result = run.RunToEnd(run.Arguments("naive", "--retry-failed-saves", "1000"));

        Assert.True(result.ExitCode == 0, $"With --retry-failed-saves the run must train to its end:\n{result.Output}");
        Assert.Contains("was not saved: No space left on the device while", result.Output);
        Assert.Contains("Training goes on, and the next scheduled save tries again", result.Output);
        Assert.Contains("saves that failed", result.Output);
        Assert.True(run.Summary.GetProperty("FailedSaves").GetInt32() > 0);
        Assert.Empty(run.TemporaryFiles());
        run.AssertEveryCheckpointVerifies();
        run.AssertSameResultsAs(straight);
    }

    [RealFaultFact(FaultTools.Unprivileged)]
    public void A_checkpoint_folder_the_run_may_not_write_stops_the_sample_with_exit_code_74_and_after_chmod_it_resumes_to_the_same_end()
    {
        RealFaults.Require(FaultTools.Unprivileged);
        var straight = Straight("naive");
        var run = new SampleRun(Path.Combine(_root, "denied"));
        // Root without the capabilities that bypass permissions, so that the folder's mode bits apply to the sample.
        var first = run.RunToEnd(run.Arguments("naive", "--exit-early", "1"), Unprivileged.Prefix);
        Assert.True(first.ExitCode == 0, first.Output);
        SystemCommand.Check("chmod", "555", run.CheckpointFolder);

        var denied = run.RunToEnd(run.Arguments("naive"), Unprivileged.Prefix);

        Assert.True(denied.ExitCode == 74, $"A folder the run may not write must stop it with exit code 74, not {denied.ExitCode}:\n{denied.Output}");
        Assert.DoesNotContain("Unhandled exception", denied.Output);
        Assert.Contains($"Permission denied while creating a temporary file for '{run.CheckpointFolder}", denied.Output);
        Assert.Contains("ls -ld", denied.Output);
        run.AssertEveryCheckpointVerifies();
        SystemCommand.Check("chmod", "755", run.CheckpointFolder);
        var resumed = run.RunToEnd(run.Arguments("naive"), Unprivileged.Prefix);
        Assert.True(resumed.ExitCode == 0, $"The run resumed after chmod failed:\n{resumed.Output}");
        run.AssertSameResultsAs(straight);
    }
}
