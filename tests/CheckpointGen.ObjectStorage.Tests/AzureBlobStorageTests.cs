using System.Net;
using Azure.Storage;
using Azure.Storage.Blobs;
using CheckpointGen.AzureBlob;
using CheckpointGen.ObjectStorage.Probe;
using CheckpointGen.Storage;

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

    [ObjectStoreFact]
    public void A_conflict_other_than_an_existing_blob_is_reported_as_the_servers_error_not_as_a_second_writer()
    {
        var faults = new FaultInjectingHandler();
        using var storage = Open($"{NewParent()}/run-1", FastOptions(), faults);
        // What Azurite answers when its in-memory store is full.
        faults.Add(FaultInjectingHandler.Kind.Status, HttpStatusCode.Conflict, IsCheckpointWrite, azureErrorCode: "MemoryExtentStoreAtSizeLimit");

        var error = Assert.ThrowsAny<Exception>(() => storage.SaveCheckpoint(1, ByteState.At(1, 100)));

        Assert.DoesNotContain("another writer", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("MemoryExtentStoreAtSizeLimit", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(storage.List());
        storage.SaveCheckpoint(1, ByteState.At(1, 100));
        Assert.Equal([1L], storage.List().Select(c => c.Sequence));
    }

    protected override async Task PutRawAsync(string key, byte[] content)
    {
        var container = new BlobContainerClient(new Uri($"{Url.TrimEnd('/')}/{ObjectStoreTarget.AzuriteContainer}"),
            new StorageSharedKeyCredential(ObjectStoreServers.AzuriteAccount, ObjectStoreServers.AzuriteKey), AzureBlobCheckpointStorage.CreateClientOptions());
        await container.GetBlobClient(key).UploadAsync(BinaryData.FromBytes(content), overwrite: true);
    }
}
