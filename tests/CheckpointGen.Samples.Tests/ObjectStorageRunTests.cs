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
    private const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly string _root = Directory.CreateTempSubdirectory("ckpt-sample-store-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [ObjectStoreTheory]
    [InlineData("azure", false)]
    [InlineData("s3", true)]
    public void A_run_on_object_storage_killed_and_restarted_ends_as_an_uninterrupted_run(string backend, bool asyncSaves)
    {
        string uri = Configure(backend);
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

    /// <summary>Points the sample's standard variables at the test server and returns a fresh run prefix.</summary>
    private static string Configure(string backend)
    {
        string prefix = $"sample-{Guid.NewGuid():N}/run";
        if (backend == "azure")
        {
            string url = Environment.GetEnvironmentVariable(ObjectStoreServers.AzuriteVariable)!;
            Environment.SetEnvironmentVariable("AZURE_STORAGE_CONNECTION_STRING",
                $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteKey};BlobEndpoint={url};");
            return $"azure://ckpt/{prefix}";
        }
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_S3", Environment.GetEnvironmentVariable(ObjectStoreServers.S3rverVariable));
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "S3RVER");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "S3RVER");
        Environment.SetEnvironmentVariable("AWS_REGION", "us-east-1");
        return $"s3://ckpt/{prefix}";
    }
}

/// <summary>The variables <c>.ci/object-stores start</c> prints; tests that need the servers are skipped without them, except in CI.</summary>
internal static class ObjectStoreServers
{
    public const string AzuriteVariable = "CHECKPOINTGEN_AZURITE_URL";
    public const string S3rverVariable = "CHECKPOINTGEN_S3RVER_URL";

    public static string? Unavailable =>
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable(AzuriteVariable)) || string.IsNullOrEmpty(Environment.GetEnvironmentVariable(S3rverVariable))
            ? $"{AzuriteVariable} or {S3rverVariable} is not set. Start Azurite and s3rver with `eval \"$(.ci/object-stores start /tmp/ckpt-stores)\"` and run the tests from that shell."
            : null;
}

/// <summary>A theory that needs Azurite and s3rver: skipped, naming the command that starts them, except in CI (CI=true), where it fails.</summary>
public sealed class ObjectStoreTheoryAttribute : TheoryAttribute
{
    public ObjectStoreTheoryAttribute()
    {
        bool inCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!inCi && ObjectStoreServers.Unavailable is { } reason) Skip = $"No object-store servers: {reason}";
    }
}
