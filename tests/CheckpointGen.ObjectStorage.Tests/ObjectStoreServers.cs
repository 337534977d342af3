namespace CheckpointGen.ObjectStorage.Tests;

/// <summary>
/// The Azurite and s3rver the tests use, found by the variables <c>.ci/object-stores start</c> prints
/// (CI exports them from <c>.ci/run</c>). Without them the tests are skipped, naming the command,
/// except in CI (CI=true), where they fail.
/// </summary>
internal static class ObjectStoreServers
{
    public const string AzuriteVariable = "CHECKPOINTGEN_AZURITE_URL";
    public const string S3rverVariable = "CHECKPOINTGEN_S3RVER_URL";

    public static string? AzuriteUrl => Environment.GetEnvironmentVariable(AzuriteVariable) is { Length: > 0 } url ? url : null;

    public static string? S3rverUrl => Environment.GetEnvironmentVariable(S3rverVariable) is { Length: > 0 } url ? url : null;

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public const string StartHint =
        "Start Azurite and s3rver with `eval \"$(.ci/object-stores start /tmp/ckpt-stores)\"` and run the tests from that shell (`.ci/object-stores stop /tmp/ckpt-stores` stops them).";

    public static string? Unavailable =>
        AzuriteUrl is null || S3rverUrl is null ? $"{AzuriteVariable} or {S3rverVariable} is not set. {StartHint}" : null;

    public static string Url(string backend)
    {
        string? url = backend == "azure" ? AzuriteUrl : S3rverUrl;
        return url ?? throw new Xunit.Sdk.XunitException($"CI=true but no object-store servers: {Unavailable}");
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
