namespace CheckpointGen.Tool.Tests.Support;

/// <summary>
/// The Azurite and s3rver the object-store tests use, found by the variables <c>.ci/object-stores start</c>
/// prints (CI exports them from <c>.ci/run</c>). Without them the tests are skipped, naming the command,
/// except in CI (CI=true), where they fail.
/// </summary>
public static class ObjectStoreServers
{
    public const string AzuriteVariable = "CHECKPOINTGEN_AZURITE_URL";
    public const string S3rverVariable = "CHECKPOINTGEN_S3RVER_URL";

    // Azurite's published development account key.
    private const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? Unavailable =>
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable(AzuriteVariable)) || string.IsNullOrEmpty(Environment.GetEnvironmentVariable(S3rverVariable))
            ? $"{AzuriteVariable} or {S3rverVariable} is not set. Start Azurite and s3rver with `eval \"$(.ci/object-stores start /tmp/ckpt-stores)\"` and run the tests from that shell."
            : null;

    /// <summary>
    /// Points the variables the tool reads (the same for every test, so setting them again is harmless)
    /// at the test servers and returns a fresh run prefix address on <paramref name="backend"/> ("azure" or "s3").
    /// </summary>
    public static string FreshPrefix(string backend)
    {
        if (Unavailable is { } reason) throw new Xunit.Sdk.XunitException($"CI=true but no object-store servers: {reason}");
        Environment.SetEnvironmentVariable("AZURE_STORAGE_CONNECTION_STRING",
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteKey};BlobEndpoint={Environment.GetEnvironmentVariable(AzuriteVariable)};");
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_S3", Environment.GetEnvironmentVariable(S3rverVariable));
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "S3RVER");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "S3RVER");
        Environment.SetEnvironmentVariable("AWS_REGION", "us-east-1");
        return $"{backend}://ckpt/tool-{Guid.NewGuid():N}/run";
    }
}

/// <summary>A theory that needs Azurite and s3rver: skipped, naming the command that starts them, except in CI, where it fails.</summary>
public sealed class ObjectStoreTheoryAttribute : TheoryAttribute
{
    public ObjectStoreTheoryAttribute()
    {
        if (!ObjectStoreServers.InCi && ObjectStoreServers.Unavailable is { } reason) Skip = $"No object-store servers: {reason}";
    }
}
