using Azure.Core.Pipeline;
using Azure.Storage;
using Azure.Storage.Blobs;
using CheckpointGen.AzureBlob;
using CheckpointGen.S3;
using CheckpointGen.Storage.ObjectStores;

namespace CheckpointGen.ObjectStorage.Probe;

/// <summary>Opens a storage on the Azurite or s3rver the tests run against, optionally through a fault-injecting HTTP handler.</summary>
public static class ObjectStoreTarget
{
    /// <summary>Azurite's well-known development account key (public, in Azurite's documentation).</summary>
    public const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public const string AzuriteContainer = "ckpt";
    public const string S3rverBucket = "ckpt";

    public static ObjectStoreCheckpointStorage Open(string backend, string url, string prefix, ObjectStoreOptions options, HttpMessageHandler? handler = null) => backend switch
    {
        "azure" => OpenAzure(url, prefix, options, handler),
        "s3" => OpenS3(url, prefix, options, handler),
        _ => throw new ArgumentException($"Unknown backend '{backend}' (azure or s3).", nameof(backend)),
    };

    public static AzureBlobCheckpointStorage OpenAzure(string accountUrl, string prefix, ObjectStoreOptions options, HttpMessageHandler? handler = null) =>
        AzureBlobCheckpointStorage.Open(AzureContainer(accountUrl, options, handler), prefix, options);

    public static S3CheckpointStorage OpenS3(string serviceUrl, string prefix, ObjectStoreOptions options, HttpMessageHandler? handler = null) =>
        S3CheckpointStorage.Open(S3Client(serviceUrl, options, handler), S3rverBucket, prefix, options);

    /// <summary>The Azurite container, with the client options the storage uses.</summary>
    public static BlobContainerClient AzureContainer(string accountUrl, ObjectStoreOptions options, HttpMessageHandler? handler = null)
    {
        var clientOptions = AzureBlobCheckpointStorage.CreateClientOptions(options);
        if (handler is not null) clientOptions.Transport = new HttpClientTransport(new HttpClient(handler, disposeHandler: false));
        return new BlobContainerClient(new Uri($"{accountUrl.TrimEnd('/')}/{AzuriteContainer}"), new StorageSharedKeyCredential("devstoreaccount1", AzuriteKey), clientOptions);
    }

    /// <summary>A client of s3rver (bucket <see cref="S3rverBucket"/>), with the configuration the storage uses.</summary>
    public static Amazon.S3.AmazonS3Client S3Client(string serviceUrl, ObjectStoreOptions options, HttpMessageHandler? handler = null)
    {
        var config = S3CheckpointStorage.CreateClientConfig(new Uri(serviceUrl), options);
        config.AuthenticationRegion = "us-east-1";
        if (handler is not null) config.HttpClientFactory = new HandlerClientFactory(handler);
        return new Amazon.S3.AmazonS3Client(new Amazon.Runtime.BasicAWSCredentials("S3RVER", "S3RVER"), config);
    }

    private sealed class HandlerClientFactory(HttpMessageHandler handler) : Amazon.Runtime.HttpClientFactory
    {
        public override HttpClient CreateHttpClient(Amazon.Runtime.IClientConfig clientConfig) => new(handler, disposeHandler: false);

        public override bool UseSDKHttpClientCaching(Amazon.Runtime.IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(Amazon.Runtime.IClientConfig clientConfig) => false;
    }
}
