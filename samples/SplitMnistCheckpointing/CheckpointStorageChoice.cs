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
        var address = ObjectStoreAddress.TryParse(uri) ?? throw new ArgumentException($"--storage '{uri}': expected {ObjectStoreAddress.Forms}.");
        var objectOptions = new ObjectStoreOptions { Keep = 2, Log = log };
        return address.Scheme == ObjectStoreAddress.AzureScheme
            ? AzureBlobCheckpointStorage.OpenFromEnvironment(address.Container, address.Prefix, objectOptions)
            : S3CheckpointStorage.OpenFromEnvironment(address.Container, address.Prefix, objectOptions);
    }
}
