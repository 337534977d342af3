using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using CheckpointGen.Storage.ObjectStores;
using Polly;

namespace CheckpointGen.AzureBlob;

/// <summary>
/// Checkpoints as block blobs under a run prefix of an Azure Blob container (docs/storages.md):
/// one create-only Put Blob when the checkpoint fits the part buffers, otherwise blocks staged while
/// it is written and one create-only block-list commit that makes it visible; the run holds a lease on the blob <c>{prefix}checkpoints.lock</c> (its metadata names
/// the holder), renewed while the storage is open.
/// </summary>
public sealed class AzureBlobCheckpointStorage : ObjectStoreCheckpointStorage
{
    private readonly BlobContainerClient _container;
    private readonly ResiliencePipeline _retry;
    private BlobLeaseClient? _lease;

    private AzureBlobCheckpointStorage(BlobContainerClient container, string prefix, ObjectStoreOptions? options)
        : base($"azure://{container.Name}/{prefix.Trim('/')}/", prefix, options)
    {
        _container = container;
        _retry = ObjectStoreRetry.Create(Options, IsTransient, Location);
    }

    /// <summary>
    /// The client settings this storage is tested with: service version 2025-11-05 (the SDK's
    /// default is newer than Azurite accepts) and the SDK's own retries off, since every request is
    /// retried by <see cref="ObjectStoreRetry"/>.
    /// </summary>
    public static BlobClientOptions CreateClientOptions(ObjectStoreOptions? options = null)
    {
        var clientOptions = new BlobClientOptions(BlobClientOptions.ServiceVersion.V2025_11_05);
        clientOptions.Retry.MaxRetries = 0;
        clientOptions.Retry.NetworkTimeout = (options ?? new ObjectStoreOptions()).RequestTimeout;
        return clientOptions;
    }

    /// <summary>Opens the run prefix <paramref name="prefix"/> of <paramref name="container"/> (created when missing) and takes its lock.</summary>
    /// <exception cref="CheckpointException">Another writer holds the prefix (it is named).</exception>
    public static AzureBlobCheckpointStorage Open(BlobContainerClient container, string prefix, ObjectStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(container);
        var storage = new AzureBlobCheckpointStorage(container, prefix, options);
        storage.TakeLock();
        return storage;
    }

    /// <summary>Opens <c>azure://container/prefix</c> with a connection string (for example from <c>AZURE_STORAGE_CONNECTION_STRING</c>).</summary>
    public static AzureBlobCheckpointStorage Open(string connectionString, string containerName, string prefix, ObjectStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        return Open(new BlobContainerClient(connectionString, containerName, CreateClientOptions(options)), prefix, options);
    }

    /// <summary>The variable <see cref="OpenFromEnvironment"/> reads the connection string from.</summary>
    public const string ConnectionStringVariable = "AZURE_STORAGE_CONNECTION_STRING";

    /// <summary>Opens <c>azure://container/prefix</c> with the connection string in <c>AZURE_STORAGE_CONNECTION_STRING</c>.</summary>
    /// <exception cref="ArgumentException">The variable is not set.</exception>
    /// <exception cref="CheckpointException">Another writer holds the prefix (it is named).</exception>
    public static AzureBlobCheckpointStorage OpenFromEnvironment(string containerName, string prefix, ObjectStoreOptions? options = null)
    {
        string connection = Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } c
            ? c : throw new ArgumentException($"azure://{containerName}/{prefix} needs the connection string in {ConnectionStringVariable}.");
        return Open(connection, containerName, prefix, options);
    }

    private static bool IsTransient(Exception e) =>
        e is RequestFailedException r ? r.Status == 0 || ObjectStoreRetry.IsTransientStatus(r.Status) || ObjectStoreRetry.IsNetworkFailure(r) : ObjectStoreRetry.IsNetworkFailure(e);

    // A create-only write that found the blob there: 412, or 409 BlobAlreadyExists. Other 409s (a lease held, Azurite's
    // in-memory store full) are the server's own errors, to be reported as they are and not as a second writer.
    private static bool IsConflict(RequestFailedException e) => e.Status == 412 || (e.Status == 409 && e.ErrorCode == BlobErrorCode.BlobAlreadyExists);

    /// <inheritdoc/>
    protected override async Task<IReadOnlyList<(string Key, long Length)>> ListObjectsAsync(string prefix, CancellationToken cancellationToken) =>
        await _retry.ExecuteAsync(async token =>
        {
            var found = new List<(string, long)>();
            await foreach (var blob in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, token).ConfigureAwait(false))
                found.Add((blob.Name, blob.Properties.ContentLength ?? 0));
            return (IReadOnlyList<(string, long)>)found;
        }, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    protected override IObjectUpload StartUpload(string key) => new BlockUpload(this, _container.GetBlockBlobClient(key));

    /// <inheritdoc/>
    protected override async Task DownloadAsync(string key, Stream destination, CancellationToken cancellationToken) =>
        await _retry.ExecuteAsync(async token =>
        {
            destination.SetLength(0);
            await _container.GetBlobClient(key).DownloadToAsync(destination, token).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    protected override async Task DeleteObjectAsync(string key, CancellationToken cancellationToken) =>
        await _retry.ExecuteAsync(async token => await _container.GetBlobClient(key).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    protected override async Task AcquireLockAsync(CancellationToken cancellationToken)
    {
        await _retry.ExecuteAsync(async token => await _container.CreateIfNotExistsAsync(cancellationToken: token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        var lockBlob = _container.GetBlobClient(Names.LockKey);
        await _retry.ExecuteAsync(async token =>
        {
            try
            {
                await lockBlob.UploadAsync(BinaryData.Empty, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, token).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (IsConflict(e)) { /* it exists: a lease decides who holds it */ }
        }, cancellationToken).ConfigureAwait(false);

        var lease = lockBlob.GetBlobLeaseClient();
        var started = DateTime.UtcNow;
        bool waited = false;
        while (true)
        {
            try
            {
                await _retry.ExecuteAsync(async token => await lease.AcquireAsync(Options.LockDuration, cancellationToken: token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                var waitedFor = DateTime.UtcNow - started;
                if (waitedFor >= Options.LockWait)
                {
                    IDictionary<string, string>? holder = null;
                    try { holder = (await lockBlob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value.Metadata; }
                    catch (RequestFailedException) { }
                    throw ObjectLockHolder.Locked(Location, holder, waitedFor, e);
                }
                if (!waited) Options.Log?.Invoke($"{Location} is leased by another writer; waiting up to {Options.LockWait.TotalSeconds:F0} s for the lease to lapse.");
                waited = true;
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }
        }
        _lease = lease;
        var conditions = new BlobRequestConditions { LeaseId = lease.LeaseId };
        await _retry.ExecuteAsync(async token => await lockBlob.SetMetadataAsync(ObjectLockHolder.ThisProcess(), conditions, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override async Task RenewLockAsync(CancellationToken cancellationToken) =>
        await _retry.ExecuteAsync(async token => await _lease!.RenewAsync(cancellationToken: token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    protected override async Task ReleaseLockAsync(CancellationToken cancellationToken)
    {
        if (_lease is null) return;
        var conditions = new BlobRequestConditions { LeaseId = _lease.LeaseId };
        await _retry.ExecuteAsync(async token => await _container.GetBlobClient(Names.LockKey).SetMetadataAsync(new Dictionary<string, string>(), conditions, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        await _retry.ExecuteAsync(async token => await _lease.ReleaseAsync(cancellationToken: token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One create-only Put Blob, or staged blocks (invisible) committed by one create-only block list.</summary>
    private sealed class BlockUpload(AzureBlobCheckpointStorage storage, BlockBlobClient blob) : IObjectUpload
    {
        private static readonly BlobRequestConditions CreateOnly = new() { IfNoneMatch = ETag.All };

        /// <summary>Block ids must all have the same length within a blob.</summary>
        private static string BlockId(int partNumber) => Convert.ToBase64String(BitConverter.GetBytes((long)partNumber));

        public async Task PutAsync(IReadOnlyList<ReadOnlyMemory<byte>> content, CancellationToken cancellationToken)
        {
            try
            {
                await storage._retry.ExecuteAsync(async token =>
                {
                    var body = new ReadOnlySegmentsStream(content);
                    // One Put Blob: the SDK splits a body into blocks of its own unless it is shorter than the initial transfer size.
                    var options = new BlobUploadOptions { Conditions = CreateOnly, TransferOptions = new StorageTransferOptions { InitialTransferSize = body.Length + 1 } };
                    await blob.UploadAsync(body, options, token).ConfigureAwait(false);
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (IsConflict(e))
            {
                throw storage.SecondWriter(blob.Name, e);
            }
        }

        public async Task UploadPartAsync(int partNumber, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
            await storage._retry.ExecuteAsync(async token =>
                await blob.StageBlockAsync(BlockId(partNumber), new ReadOnlySegmentsStream(content), cancellationToken: token).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);

        public async Task CommitAsync(int partCount, CancellationToken cancellationToken)
        {
            var ids = Enumerable.Range(1, partCount).Select(BlockId).ToList();
            try
            {
                await storage._retry.ExecuteAsync(async token =>
                    await blob.CommitBlockListAsync(ids, new CommitBlockListOptions { Conditions = CreateOnly }, token).ConfigureAwait(false),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (IsConflict(e))
            {
                throw storage.SecondWriter(blob.Name, e);
            }
        }

        /// <summary>Uncommitted blocks cannot be deleted on their own; Azure discards them after a week, and they are never listed.</summary>
        public Task AbortAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
