namespace CheckpointGen.ObjectStorage.Tests;

/// <summary>
/// The Azurite and s3rver the object-store tests use, found by the variables <c>.ci/object-stores start</c>
/// prints (CI exports them from <c>.ci/run</c>). Without them the tests are skipped, naming the command,
/// except in CI (CI=true), where they fail. Linked into the tool's and the samples' tests as well.
/// </summary>
internal static class ObjectStoreServers
{
    public const string AzuriteVariable = "CHECKPOINTGEN_AZURITE_URL";
    public const string S3rverVariable = "CHECKPOINTGEN_S3RVER_URL";

    /// <summary>Azurite's published development account and key.</summary>
    public const string AzuriteAccount = "devstoreaccount1";
    public const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The key pair s3rver accepts.</summary>
    public const string S3rverKey = "S3RVER";

    public static string? AzuriteUrl => Environment.GetEnvironmentVariable(AzuriteVariable) is { Length: > 0 } url ? url : null;

    public static string? S3rverUrl => Environment.GetEnvironmentVariable(S3rverVariable) is { Length: > 0 } url ? url : null;

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public const string StartHint =
        "Start Azurite and s3rver with `eval \"$(.ci/object-stores start /tmp/ckpt-stores)\"` and run the tests from that shell (`.ci/object-stores stop /tmp/ckpt-stores` stops them).";

    public static string? Unavailable =>
        AzuriteUrl is null || S3rverUrl is null ? $"{AzuriteVariable} or {S3rverVariable} is not set. {StartHint}" : null;

    /// <summary>The address of the server for <paramref name="backend"/> ("azure" or "s3").</summary>
    public static string Url(string backend)
    {
        string? url = backend == "azure" ? AzuriteUrl : S3rverUrl;
        return url ?? throw new Xunit.Sdk.XunitException($"CI=true but no object-store servers: {Unavailable}");
    }

    /// <summary>
    /// Points the standard SDK variables (the ones the tool and the sample read) at the test servers and returns
    /// a fresh run prefix address on <paramref name="backend"/> ("azure" or "s3"); every test sets the same values.
    /// </summary>
    public static string FreshPrefix(string backend, string owner)
    {
        Environment.SetEnvironmentVariable("AZURE_STORAGE_CONNECTION_STRING",
            $"DefaultEndpointsProtocol=http;AccountName={AzuriteAccount};AccountKey={AzuriteKey};BlobEndpoint={Url("azure")};");
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_S3", Url("s3"));
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", S3rverKey);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", S3rverKey);
        Environment.SetEnvironmentVariable("AWS_REGION", "us-east-1");
        return $"{backend}://ckpt/{owner}-{Guid.NewGuid():N}/run";
    }
}

/// <summary>A fact that needs Azurite and s3rver: skipped with the command to start them, except in CI.</summary>
public sealed class ObjectStoreFactAttribute : FactAttribute
{
    public ObjectStoreFactAttribute()
    {
        if (!ObjectStoreServers.InCi && ObjectStoreServers.Unavailable is { } reason) Skip = $"No object-store servers: {reason}";
    }
}

/// <summary>A theory that needs Azurite and s3rver: skipped with the command to start them, except in CI.</summary>
public sealed class ObjectStoreTheoryAttribute : TheoryAttribute
{
    public ObjectStoreTheoryAttribute()
    {
        if (!ObjectStoreServers.InCi && ObjectStoreServers.Unavailable is { } reason) Skip = $"No object-store servers: {reason}";
    }
}
