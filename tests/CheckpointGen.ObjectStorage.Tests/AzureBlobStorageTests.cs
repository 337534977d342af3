using Azure.Storage;
using Azure.Storage.Blobs;
using CheckpointGen.AzureBlob;
using CheckpointGen.ObjectStorage.Probe;

namespace CheckpointGen.ObjectStorage.Tests;

/// <summary>
/// The storage contract against Azurite. Create-only commits and the lease are Azurite's own
/// (If-None-Match on the block-list commit, blob leases), so the second-writer tests here prove them
/// against the server itself.
/// </summary>
public sealed class AzureBlobStorageTests : ObjectStorageContract
{
    protected override string Backend => "azure";

    protected override double LockSecondsForKillTest => 15;

    protected override async Task PutRawAsync(string key, byte[] content)
    {
        var container = new BlobContainerClient(new Uri($"{Url.TrimEnd('/')}/{ObjectStoreTarget.AzuriteContainer}"),
            new StorageSharedKeyCredential(ObjectStoreServers.AzuriteAccount, ObjectStoreServers.AzuriteKey), AzureBlobCheckpointStorage.CreateClientOptions());
        await container.GetBlobClient(key).UploadAsync(BinaryData.FromBytes(content), overwrite: true);
    }
}
