using Amazon.S3;
using Amazon.S3.Model;
using Azure.Storage.Blobs;
using CheckpointGen.Storage.ObjectStores;

namespace CheckpointGen.ObjectStorage.Probe;

/// <summary>
/// The baseline of the upload measurements: the SDK uploading bytes from memory in one request to one
/// object (<c>&lt;prefix&gt;/sdk.bin</c>, overwritten each time), with the client settings the storage uses.
/// Disposing deletes that object.
/// </summary>
public sealed class SdkUpload : IDisposable
{
    private readonly BlobClient? _blob;
    private readonly AmazonS3Client? _s3;
    private readonly string _key;

    public SdkUpload(string backend, string url, string prefix, ObjectStoreOptions options)
    {
        _key = $"{prefix}/sdk.bin";
        if (backend == "azure") _blob = ObjectStoreTarget.AzureContainer(url, options).GetBlobClient(_key);
        else if (backend == "s3") _s3 = ObjectStoreTarget.S3Client(url, options);
        else throw new ArgumentException($"Unknown backend '{backend}' (azure or s3).", nameof(backend));
    }

    /// <summary>The object's key.</summary>
    public string Key => _key;

    /// <summary>One Put Blob (Azure) or PutObject (S3) of <paramref name="bytes"/>.</summary>
    public void Upload(byte[] bytes)
    {
        if (_blob is not null)
        {
            _blob.Upload(BinaryData.FromBytes(bytes), overwrite: true);
            return;
        }
        using var body = new MemoryStream(bytes, writable: false);
        _s3!.PutObjectAsync(new PutObjectRequest { BucketName = ObjectStoreTarget.S3rverBucket, Key = _key, InputStream = body, UseChunkEncoding = false })
            .GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        _blob?.DeleteIfExists();
        if (_s3 is null) return;
        _s3.DeleteObjectAsync(ObjectStoreTarget.S3rverBucket, _key).GetAwaiter().GetResult();
        _s3.Dispose();
    }
}
