namespace CheckpointGen.Samples.Tests;

/// <summary>The sample as README runs it: twice in the same folder, the second run resumes and finishes.</summary>
public sealed class SampleCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ckpt-sample-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Exiting_early_then_running_again_resumes_from_the_next_experience_and_ends_as_an_uninterrupted_run()
    {
        var straight = new SampleRun(Path.Combine(_root, "straight"));
        Assert.Equal(0, straight.RunToEnd(straight.Arguments("naive")).ExitCode);

        var run = new SampleRun(Path.Combine(_root, "early"));
        var first = run.RunToEnd(run.Arguments("naive", "--exit-early", "1"));
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("Exiting early", first.Output);
        var second = run.RunToEnd(run.Arguments("naive"));
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains("Resuming at training experience 2", second.Output);
        run.AssertSameResultsAs(straight);
        // The main job ends with its report, and the resumed run's is the uninterrupted run's.
        foreach (string file in new[] { "report.md", "accuracy_matrix.png", "stream_accuracy.png" })
            Assert.True(File.Exists(Path.Combine(run.Output, file)), $"No {file} in {run.Output}");
        Assert.Equal(File.ReadAllText(Path.Combine(straight.Output, "report.md")), File.ReadAllText(Path.Combine(run.Output, "report.md")));

        // A third run finds the finished run's last checkpoint and has nothing left to train.
        var third = run.RunToEnd(run.Arguments("naive"));
        Assert.Equal(0, third.ExitCode);
        Assert.Contains("Resuming at training experience 5", third.Output);
    }

    [Fact]
    public void Checkpointing_does_not_change_the_results()
    {
        var with = new SampleRun(Path.Combine(_root, "with"));
        Assert.Equal(0, with.RunToEnd(with.Arguments("replay")).ExitCode);
        var without = new SampleRun(Path.Combine(_root, "without"));
        Assert.Equal(0, without.RunToEnd(without.Arguments("replay", "--no-checkpoints")).ExitCode);
        without.AssertSameResultsAs(with);
    }

    [Fact]
    public void A_second_run_pointed_at_the_same_folder_is_refused_while_the_first_runs()
    {
        var run = new SampleRun(Path.Combine(_root, "shared"));
        using var first = SampleProcess.Start(run.Arguments("naive"));
        var deadline = DateTime.UtcNow + SampleRun.Timeout;
        while (!File.Exists(Path.Combine(run.CheckpointFolder, "checkpoints.lock")) && DateTime.UtcNow < deadline) Thread.Sleep(20);
        var second = run.RunToEnd(run.Arguments("naive"));
        Assert.NotEqual(0, second.ExitCode);
        Assert.Contains($"locked by process {first.Id}", second.Output);
        first.KillHard();
    }
}
