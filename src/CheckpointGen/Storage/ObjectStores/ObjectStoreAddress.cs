namespace CheckpointGen.Storage.ObjectStores;

/// <summary>
/// An object-store run prefix written as an address: <c>azure://container/prefix</c> or
/// <c>s3://bucket/prefix</c>. Each backend package opens its own scheme from the environment
/// (<c>AzureBlobCheckpointStorage.OpenFromEnvironment</c>, <c>S3CheckpointStorage.OpenFromEnvironment</c>);
/// this type only reads the address, so the core package needs neither SDK.
/// </summary>
/// <param name="Scheme"><see cref="AzureScheme"/> or <see cref="S3Scheme"/>.</param>
/// <param name="Container">The Azure container or the S3 bucket.</param>
/// <param name="Prefix">The run prefix inside it (never empty).</param>
public sealed record ObjectStoreAddress(string Scheme, string Container, string Prefix)
{
    /// <summary>The scheme of Azure Blob Storage addresses.</summary>
    public const string AzureScheme = "azure";

    /// <summary>The scheme of S3 (and S3-compatible) addresses.</summary>
    public const string S3Scheme = "s3";

    /// <summary>The address forms, for messages.</summary>
    public const string Forms = "azure://container/prefix or s3://bucket/prefix";

    /// <summary>
    /// Reads <paramref name="address"/>: null when it does not start with <c>azure://</c> or <c>s3://</c>
    /// (a folder, or another scheme the caller judges).
    /// </summary>
    /// <exception cref="ArgumentException">It starts with one of them but lacks the container or the run prefix.</exception>
    public static ObjectStoreAddress? TryParse(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        int schemeEnd = address.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0) return null;
        string scheme = address[..schemeEnd];
        if (scheme != AzureScheme && scheme != S3Scheme) return null;
        string rest = address[(schemeEnd + 3)..];
        int slash = rest.IndexOf('/');
        if (slash <= 0 || rest[(slash + 1)..].Trim('/').Length == 0)
            throw new ArgumentException($"'{address}': expected {Forms} (a container or bucket and a run prefix are required).", nameof(address));
        return new ObjectStoreAddress(scheme, rest[..slash], rest[(slash + 1)..]);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Scheme}://{Container}/{Prefix}";
}
