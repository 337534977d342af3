using CheckpointGen.ObjectStorage.Tests;
using Xunit.Abstractions;

namespace CheckpointGen.Samples.Tests;

/// <summary>
/// The sample with its checkpoints in Azurite or s3rver (<c>--storage</c>), killed with SIGKILL after
/// its first checkpoint and started again: it waits for the dead run's lock to lapse, resumes, and
/// ends exactly as an uninterrupted run with checkpoints in a folder. The servers are the ones
/// <c>.ci/object-stores start</c> runs (CI starts them); without them the tests are skipped, naming that command.
/// </summary>
public sealed class ObjectStorageRunTests(ITestOutputHelper log) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ckpt-sample-store-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [ObjectStoreTheory]
    [InlineData("azure", false)]
    [InlineData("s3", true)]
    public void A_run_on_object_storage_killed_and_restarted_ends_as_an_uninterrupted_run(string backend, bool asyncSaves)
    {
        string uri = ObjectStoreServers.FreshPrefix(backend, "sample");
        var straight = new SampleRun(Path.Combine(_root, "straight"));
        var reference = straight.RunToEnd(straight.Arguments("naive"));
        Assert.True(reference.ExitCode == 0, $"The uninterrupted run failed:\n{reference.Output}");

        var run = new SampleRun(Path.Combine(_root, backend));
        string[] extra = asyncSaves ? ["--storage", uri, "--async-saves"] : ["--storage", uri];
        using (var process = SampleProcess.Start(run.Arguments("naive", extra)))
        {
            // An asynchronous save is durable once the next save has started (it waits for it): kill after the second.
            int saves = asyncSaves ? 2 : 1;
            var deadline = DateTime.UtcNow + SampleRun.Timeout;
            while (CountSaves(process.Output) < saves && !process.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(20);
            Assert.True(CountSaves(process.Output) >= saves, $"Fewer than {saves} checkpoint saves before the kill:\n{process.Output}");
            process.KillHard();
        }
        var resumed = run.RunToEnd(run.Arguments("naive", extra));
        Assert.True(resumed.ExitCode == 0, $"The resumed run failed:\n{resumed.Output}");
        Assert.Contains("Resuming at training experience", resumed.Output);
        log.WriteLine($"{backend}: resumed run {resumed.Elapsed.TotalSeconds:F1} s (lock lapse included)");
        run.AssertSameResultsAs(straight);
    }

    private static int CountSaves(string output) => output.Split("Saved checkpoint").Length - 1;
}
