using CheckpointGen.AzureBlob;
using CheckpointGen.S3;
using CheckpointGen.Storage;
using CheckpointGen.Storage.ObjectStores;

namespace SplitMnistCheckpointing;

/// <summary>
/// The storage <c>--storage</c> names: a folder (the default, OUTPUT/checkpoints),
/// <c>azure://container/prefix</c> (connection string from AZURE_STORAGE_CONNECTION_STRING) or
/// <c>s3://bucket/prefix</c> (credentials and region from the AWS SDK's standard chain; an
/// S3-compatible endpoint from AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL). With <c>--async-saves</c>
/// it is wrapped so that saves persist in the background.
/// </summary>
internal static class CheckpointStorageChoice
{
    public static ICheckpointStorage Open(SampleOptions options, Action<string> log)
    {
        var storage = OpenPlain(options, log);
        return options.AsyncSaves ? new BackgroundCheckpointStorage(storage) : storage;
    }

    private static ICheckpointStorage OpenPlain(SampleOptions options, Action<string> log)
    {
        string? uri = options.Storage;
        if (string.IsNullOrEmpty(uri)) return new FileSystemCheckpointStorage(Path.Combine(options.Output, "checkpoints"), keep: 2);
        var objectOptions = new ObjectStoreOptions { Keep = 2, Log = log };
        var (scheme, container, prefix) = Split(uri);
        switch (scheme)
        {
            case "azure":
                string connection = Environment.GetEnvironmentVariable("AZURE_STORAGE_CONNECTION_STRING") is { Length: > 0 } c
                    ? c : throw new ArgumentException($"--storage {uri} needs the connection string in AZURE_STORAGE_CONNECTION_STRING.");
                return AzureBlobCheckpointStorage.Open(connection, container, prefix, objectOptions);
            case "s3":
                string? endpoint = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_S3") is { Length: > 0 } e ? e : Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL");
                var config = S3CheckpointStorage.CreateClientConfig(string.IsNullOrEmpty(endpoint) ? null : new Uri(endpoint), objectOptions);
                return S3CheckpointStorage.Open(config, container, prefix, objectOptions);
            default:
                throw new ArgumentException($"--storage '{uri}': expected azure://container/prefix or s3://bucket/prefix.");
        }
    }

    private static (string Scheme, string Container, string Prefix) Split(string uri)
    {
        int schemeEnd = uri.IndexOf("://", StringComparison.Ordinal);
        string rest = schemeEnd < 0 ? "" : uri[(schemeEnd + 3)..];
        int slash = rest.IndexOf('/');
        if (schemeEnd < 0 || slash <= 0 || slash == rest.Length - 1)
            throw new ArgumentException($"--storage '{uri}': expected azure://container/prefix or s3://bucket/prefix (a run prefix is required).");
        return (uri[..schemeEnd], rest[..slash], rest[(slash + 1)..]);
    }
}
