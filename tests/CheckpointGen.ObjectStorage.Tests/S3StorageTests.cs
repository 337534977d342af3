using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using CheckpointGen.ObjectStorage.Probe;
using CheckpointGen.S3;
using CheckpointGen.Storage;

namespace CheckpointGen.ObjectStorage.Tests;

/// <summary>
/// The storage contract against s3rver. s3rver ignores <c>If-None-Match</c>, so there the storage's
/// HEAD before each commit is what catches an existing object; the tests at the end prove, with a
/// fault-injecting handler standing in for a real S3 that answers 412, that the conditions are sent
/// and that a refused commit is reported and its multipart upload aborted.
/// </summary>
public sealed class S3StorageTests : ObjectStorageContract
{
    protected override string Backend => "s3";

    protected override double LockSecondsForKillTest => 3;

    protected override async Task PutRawAsync(string key, byte[] content)
    {
        var config = S3CheckpointStorage.CreateClientConfig(new Uri(Url));
        config.AuthenticationRegion = "us-east-1";
        using var client = new AmazonS3Client(new Amazon.Runtime.BasicAWSCredentials(ObjectStoreServers.S3rverKey, ObjectStoreServers.S3rverKey), config);
        await client.PutObjectAsync(new PutObjectRequest { BucketName = ObjectStoreTarget.S3rverBucket, Key = key, InputStream = new MemoryStream(content), UseChunkEncoding = false });
    }

    private static bool IsCreateOnly(HttpRequestMessage request) =>
        request.Headers.TryGetValues("If-None-Match", out var values) && values.Contains("*");

    [ObjectStoreFact]
    public void The_lock_and_every_commit_are_sent_create_only()
    {
        var faults = new FaultInjectingHandler();
        using (var storage = Open($"{NewParent()}/run-1", handler: faults))
        {
            storage.SaveCheckpoint(1, ByteState.At(1, 100));
            storage.SaveCheckpoint(2, ByteState.At(2, 12 << 20));
        }
        var requests = faults.Requests.ToArray();
        Assert.Contains(requests, r => r.StartsWith("PUT ", StringComparison.Ordinal) && r.Contains("checkpoints.lock") && r.Contains("If-None-Match:*"));
        Assert.Contains(requests, r => r.StartsWith("PUT ", StringComparison.Ordinal) && r.Contains("checkpoint-000000000001.ckpt") && r.Contains("If-None-Match:*"));
        Assert.Contains(requests, r => r.StartsWith("POST ", StringComparison.Ordinal) && r.Contains("checkpoint-000000000002.ckpt?uploadId=") && r.Contains("If-None-Match:*"));
        Assert.Contains(requests, r => r.StartsWith("DELETE ", StringComparison.Ordinal) && r.Contains("checkpoints.lock") && r.Contains("If-Match:"));
    }

    [ObjectStoreFact]
    public void A_commit_refused_by_the_server_as_already_existing_is_reported_and_its_multipart_upload_aborted()
    {
        var faults = new FaultInjectingHandler();
        using var storage = Open($"{NewParent()}/run-1", handler: faults);
        foreach (var (sequence, size) in new[] { (1L, 100), (2L, 12 << 20) })
        {
            // What a real S3 answers when another writer committed the name between the HEAD and the commit.
            faults.Add(FaultInjectingHandler.Kind.Status, HttpStatusCode.PreconditionFailed, IsCreateOnly);
            var error = Assert.Throws<CheckpointException>(() => storage.SaveCheckpoint(sequence, ByteState.At(sequence, size)));
            Assert.Contains("another writer", error.Message);
        }
        Assert.Equal(2, faults.Injected);
        Assert.Contains(faults.Requests, r => r.StartsWith("DELETE ", StringComparison.Ordinal) && r.Contains("checkpoint-000000000002.ckpt?uploadId="));
        Assert.Empty(storage.List());
    }
}
