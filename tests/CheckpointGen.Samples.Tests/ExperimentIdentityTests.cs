namespace CheckpointGen.Samples.Tests;

/// <summary>
/// The example: a run stopped after experience 1 and rerun in the same folder with another
/// seed is refused, naming what differs, and resumes only with --accept-changes.
/// </summary>
public sealed class ExperimentIdentityTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ckpt-sample-identity-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Rerunning_with_another_seed_is_refused_naming_the_seed_and_the_class_order_and_resumes_with_accept_changes()
    {
        var run = new SampleRun(Path.Combine(_root, "seed"));
        string[] classIncremental = ["--scenario", "class", "--replay", "0"];
        var first = run.RunToEnd(run.Arguments("naive", [.. classIncremental, "--seed", "1234", "--exit-early", "1"]));
        Assert.True(first.ExitCode == 0, first.Output);
        var checkpoints = Directory.GetFiles(run.CheckpointFolder, "*.ckpt").Order().ToArray();

        var refused = run.RunToEnd(run.Arguments("naive", [.. classIncremental, "--seed", "7"]));

        Assert.True(refused.ExitCode == 1, refused.Output);
        Assert.Contains("saved by a different experiment", refused.Output);
        Assert.Contains("RngRegistry.seed: checkpoint 1234, this run 7", refused.Output);
        Assert.Contains("BenchmarkIdentity.TrainClasses[0]: checkpoint [", refused.Output);
        Assert.Contains("--accept-changes", refused.Output);
        Assert.DoesNotContain("Resuming at training experience", refused.Output);
        Assert.Equal(checkpoints, Directory.GetFiles(run.CheckpointFolder, "*.ckpt").Order().ToArray());

        var accepted = run.RunToEnd(run.Arguments("naive", [.. classIncremental, "--seed", "7", "--accept-changes"]));

        Assert.True(accepted.ExitCode == 0, accepted.Output);
        Assert.Contains("Warning: RngRegistry.seed: checkpoint 1234, this run 7, accepted by the override", accepted.Output);
        Assert.Contains("Resuming at training experience 2", accepted.Output);
    }
}
