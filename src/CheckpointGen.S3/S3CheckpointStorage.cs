using System.Collections.Concurrent;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using CheckpointGen.Storage.ObjectStores;
using Polly;

namespace CheckpointGen.S3;

/// <summary>
/// Checkpoints as objects under a run prefix of an S3 bucket (docs/storages.md): a checkpoint that
/// fits the part buffers is one PUT, a larger one a multipart upload completed at the end (aborted on
/// failure); both are create-only (<c>If-None-Match: *</c>, after a HEAD that catches an existing
/// object on servers that ignore the condition). The run holds the lock object
/// <c>{prefix}checkpoints.lock</c> (its body names the holder), rewritten every third of
/// <see cref="ObjectStoreOptions.LockDuration"/>; a lock not rewritten for that long is a dead
/// run's and is taken over.
/// </summary>
public sealed class S3CheckpointStorage : ObjectStoreCheckpointStorage
{
    private readonly IAmazonS3 _client;
    private readonly bool _ownsClient;
    private readonly string _bucket;
    private readonly ResiliencePipeline _retry;
    private readonly Dictionary<string, string> _holder = new(ObjectLockHolder.ThisProcess()) { ["token"] = Guid.NewGuid().ToString("N") };
    private long _beat;
    private string? _lockETag;

    private S3CheckpointStorage(IAmazonS3 client, bool ownsClient, string bucket, string prefix, ObjectStoreOptions? options)
        : base($"s3://{bucket}/{prefix.Trim('/')}/", prefix, options)
    {
        _client = client;
        _ownsClient = ownsClient;
        _bucket = bucket;
        _retry = ObjectStoreRetry.Create(Options, IsTransient, Location);
    }

    /// <summary>
    /// Client settings for this storage: the SDK's own retries off (every request is retried by
    /// <see cref="ObjectStoreRetry"/>) and, for an S3-compatible server at <paramref name="serviceUrl"/>,
    /// path-style addressing. Credentials and region come from the SDK's standard chain.
    /// </summary>
    public static AmazonS3Config CreateClientConfig(Uri? serviceUrl = null, ObjectStoreOptions? options = null)
    {
        var config = new AmazonS3Config { MaxErrorRetry = 0, Timeout = (options ?? new ObjectStoreOptions()).RequestTimeout };
        if (serviceUrl is not null)
        {
            config.ServiceURL = serviceUrl.ToString();
            config.ForcePathStyle = true;
        }
        return config;
    }

    /// <summary>Opens the run prefix <paramref name="prefix"/> of <paramref name="bucket"/> and takes its lock; the client stays the caller's.</summary>
    /// <exception cref="CheckpointException">Another writer holds the prefix (it is named).</exception>
    public static S3CheckpointStorage Open(IAmazonS3 client, string bucket, string prefix, ObjectStoreOptions? options = null) =>
        Open(client, ownsClient: false, bucket, prefix, options);

    /// <summary>Opens <c>s3://bucket/prefix</c> with a client built from <paramref name="config"/> and the standard credential chain; the storage disposes the client.</summary>
    public static S3CheckpointStorage Open(AmazonS3Config config, string bucket, string prefix, ObjectStoreOptions? options = null) =>
        Open(new AmazonS3Client(config), ownsClient: true, bucket, prefix, options);

    /// <summary>
    /// Opens <c>s3://bucket/prefix</c> with credentials and region from the SDK's standard chain and,
    /// for an S3-compatible server, its endpoint from <c>AWS_ENDPOINT_URL_S3</c> or <c>AWS_ENDPOINT_URL</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The endpoint variable is not an absolute URL.</exception>
    /// <exception cref="CheckpointException">Another writer holds the prefix (it is named).</exception>
    public static S3CheckpointStorage OpenFromEnvironment(string bucket, string prefix, ObjectStoreOptions? options = null)
    {
        string? endpoint = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_S3") is { Length: > 0 } e ? e : Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL");
        Uri? serviceUrl = null;
        if (!string.IsNullOrEmpty(endpoint) && !Uri.TryCreate(endpoint, UriKind.Absolute, out serviceUrl))
            throw new ArgumentException($"s3://{bucket}/{prefix}: the endpoint '{endpoint}' (AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL) is not an absolute URL.");
        return Open(CreateClientConfig(serviceUrl, options), bucket, prefix, options);
    }

    private static S3CheckpointStorage Open(IAmazonS3 client, bool ownsClient, string bucket, string prefix, ObjectStoreOptions? options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        var storage = new S3CheckpointStorage(client, ownsClient, bucket, prefix, options);
        storage.TakeLock();
        return storage;
    }

    private static bool IsTransient(Exception e) =>
        e is AmazonServiceException s && ObjectStoreRetry.IsTransientStatus((int)s.StatusCode) || ObjectStoreRetry.IsNetworkFailure(e);

    private static bool IsPreconditionFailed(Exception e) => e is AmazonS3Exception { StatusCode: HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict };

    private static bool IsNotFound(Exception e) => e is AmazonS3Exception { StatusCode: HttpStatusCode.NotFound };

    /// <inheritdoc/>
    protected override void DisposeClient()
    {
        if (_ownsClient) _client.Dispose();
    }

    /// <inheritdoc/>
    protected override async Task<IReadOnlyList<(string Key, long Length)>> ListObjectsAsync(string prefix, CancellationToken cancellationToken)
    {
        var found = new List<(string, long)>();
        string? continuation = null;
        do
        {
            var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = prefix, ContinuationToken = continuation };
            var page = await _retry.ExecuteAsync(async token => await _client.ListObjectsV2Async(request, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            foreach (var item in page.S3Objects ?? []) found.Add((item.Key, item.Size ?? 0));
            continuation = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (continuation is not null);
        return found;
    }

    /// <inheritdoc/>
    protected override IObjectUpload StartUpload(string key) => new MultipartUpload(this, key);

    /// <inheritdoc/>
    protected override async Task DownloadAsync(string key, Stream destination, CancellationToken cancellationToken) =>
        await _retry.ExecuteAsync(async token =>
        {
            destination.SetLength(0);
            using var response = await _client.GetObjectAsync(_bucket, key, token).ConfigureAwait(false);
            await response.ResponseStream.CopyToAsync(destination, token).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    protected override async Task DeleteObjectAsync(string key, CancellationToken cancellationToken) =>
        await _retry.ExecuteAsync(async token => await _client.DeleteObjectAsync(_bucket, key, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>The ETag of <paramref name="key"/>, or null when there is no such object.</summary>
    private async Task<string?> ETagOfAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var head = await _retry.ExecuteAsync(async token => await _client.GetObjectMetadataAsync(_bucket, key, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            return head.ETag;
        }
        catch (AmazonS3Exception e) when (IsNotFound(e))
        {
            return null;
        }
    }

    private async Task<Dictionary<string, string>?> ReadHolderAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _client.GetObjectAsync(_bucket, Names.LockKey, cancellationToken).ConfigureAwait(false);
            using var reader = new StreamReader(response.ResponseStream, Encoding.UTF8);
            return ObjectLockHolder.Parse(await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (AmazonS3Exception)
        {
            return null;
        }
    }

    private PutObjectRequest LockBody() => new()
    {
        BucketName = _bucket,
        Key = Names.LockKey,
        ContentBody = ObjectLockHolder.Format(new Dictionary<string, string>(_holder) { ["beat"] = _beat.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
        UseChunkEncoding = false,
    };

    /// <inheritdoc/>
    protected override async Task AcquireLockAsync(CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        string? observed = null;
        var observedSince = started;
        bool told = false;
        while (true)
        {
            string? existing = await ETagOfAsync(Names.LockKey, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                try
                {
                    var create = LockBody();
                    create.IfNoneMatch = "*";
                    var put = await _retry.ExecuteAsync(async token => await _client.PutObjectAsync(create, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                    _lockETag = put.ETag;
                    return;
                }
                catch (AmazonS3Exception e) when (IsPreconditionFailed(e))
                {
                    // Another writer created it between the HEAD and the PUT: it holds the lock now.
                    existing = await ETagOfAsync(Names.LockKey, cancellationToken).ConfigureAwait(false);
                    if (existing is null) continue;
                }
            }
            var now = DateTime.UtcNow;
            if (existing != observed)
            {
                observed = existing;
                observedSince = now;
            }
            else if (now - observedSince >= Options.LockDuration)
            {
                var holder = await ReadHolderAsync(cancellationToken).ConfigureAwait(false);
                Options.Log?.Invoke($"Taking over the lock on {Location} from {ObjectLockHolder.Describe(holder)}: not renewed for {(now - observedSince).TotalSeconds:F0} s.");
                var stale = new DeleteObjectRequest { BucketName = _bucket, Key = Names.LockKey, IfMatch = existing };
                try { await _retry.ExecuteAsync(async token => await _client.DeleteObjectAsync(stale, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false); }
                catch (AmazonS3Exception e) when (IsPreconditionFailed(e)) { /* renewed meanwhile: keep watching */ }
                observed = null;
                continue;
            }
            if (now - started >= Options.LockWait)
                throw ObjectLockHolder.Locked(Location, await ReadHolderAsync(cancellationToken).ConfigureAwait(false), now - started);
            if (!told) Options.Log?.Invoke($"{Location} is locked by another writer; waiting up to {Options.LockWait.TotalSeconds:F0} s for its lock to lapse.");
            told = true;
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    protected override async Task RenewLockAsync(CancellationToken cancellationToken)
    {
        // Servers that ignore If-Match would let a renewal overwrite a lock taken over by another run: read it first.
        var holder = await ReadHolderAsync(cancellationToken).ConfigureAwait(false);
        if (holder is null || !holder.TryGetValue("token", out var token) || token != _holder["token"])
            throw new CheckpointException($"The lock object of {Location} now belongs to {ObjectLockHolder.Describe(holder)}.");
        _beat++;
        var renew = LockBody();
        renew.IfMatch = _lockETag;
        var put = await _retry.ExecuteAsync(async t => await _client.PutObjectAsync(renew, t).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        _lockETag = put.ETag;
    }

    /// <inheritdoc/>
    protected override async Task ReleaseLockAsync(CancellationToken cancellationToken)
    {
        var release = new DeleteObjectRequest { BucketName = _bucket, Key = Names.LockKey, IfMatch = _lockETag };
        await _retry.ExecuteAsync(async token => await _client.DeleteObjectAsync(release, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One create-only PUT, or a multipart upload started with the first part and completed create-only.</summary>
    private sealed class MultipartUpload(S3CheckpointStorage storage, string key) : IObjectUpload
    {
        private readonly ConcurrentDictionary<int, string> _etags = new();
        private readonly SemaphoreSlim _starting = new(1, 1);
        private string? _uploadId;

        public async Task PutAsync(IReadOnlyList<ReadOnlyMemory<byte>> content, CancellationToken cancellationToken)
        {
            await ThrowIfExistsAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await storage._retry.ExecuteAsync(async token => await storage._client.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = storage._bucket,
                    Key = key,
                    InputStream = Body(content),
                    UseChunkEncoding = false,
                    IfNoneMatch = "*",
                }, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonS3Exception e) when (IsPreconditionFailed(e))
            {
                throw storage.SecondWriter(key, e);
            }
        }

        /// <summary>
        /// A request body over <paramref name="content"/>: one array as a <see cref="MemoryStream"/>, which the SDK reads with
        /// fewer copies than another stream (a 4 MiB save allocated half as much); several buffers in sequence otherwise.
        /// </summary>
        private static Stream Body(IReadOnlyList<ReadOnlyMemory<byte>> content) =>
            content.Count == 1 && MemoryMarshal.TryGetArray(content[0], out var array)
                ? new MemoryStream(array.Array!, array.Offset, array.Count, writable: false)
                : new ReadOnlySegmentsStream(content);

        /// <summary>S3-compatible servers that ignore <c>If-None-Match</c> still get caught when the object exists before the commit.</summary>
        private async Task ThrowIfExistsAsync(CancellationToken cancellationToken)
        {
            if (await storage.ETagOfAsync(key, cancellationToken).ConfigureAwait(false) is not null) throw storage.SecondWriter(key, null);
        }

        private async Task<string> UploadIdAsync(CancellationToken cancellationToken)
        {
            await _starting.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                _uploadId ??= (await storage._retry.ExecuteAsync(async token => await storage._client.InitiateMultipartUploadAsync(
                    new InitiateMultipartUploadRequest { BucketName = storage._bucket, Key = key }, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false)).UploadId;
                return _uploadId;
            }
            finally
            {
                _starting.Release();
            }
        }

        public async Task UploadPartAsync(int partNumber, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
        {
            string uploadId = await UploadIdAsync(cancellationToken).ConfigureAwait(false);
            var response = await storage._retry.ExecuteAsync(async token => await storage._client.UploadPartAsync(new UploadPartRequest
            {
                BucketName = storage._bucket,
                Key = key,
                UploadId = uploadId,
                PartNumber = partNumber,
                InputStream = Body([content]),
                PartSize = content.Length,
                UseChunkEncoding = false,
            }, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            _etags[partNumber] = response.ETag;
        }

        public async Task CommitAsync(int partCount, CancellationToken cancellationToken)
        {
            await ThrowIfExistsAsync(cancellationToken).ConfigureAwait(false);
            var request = new CompleteMultipartUploadRequest
            {
                BucketName = storage._bucket,
                Key = key,
                UploadId = _uploadId,
                PartETags = Enumerable.Range(1, partCount).Select(n => new PartETag(n, _etags[n])).ToList(),
                IfNoneMatch = "*",
            };
            try
            {
                await storage._retry.ExecuteAsync(async token => await storage._client.CompleteMultipartUploadAsync(request, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonS3Exception e) when (IsPreconditionFailed(e))
            {
                throw storage.SecondWriter(key, e);
            }
        }

        public async Task AbortAsync(CancellationToken cancellationToken)
        {
            if (_uploadId is null) return;
            await storage._retry.ExecuteAsync(async token => await storage._client.AbortMultipartUploadAsync(
                new AbortMultipartUploadRequest { BucketName = storage._bucket, Key = key, UploadId = _uploadId }, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
    }
}
