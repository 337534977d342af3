using BenchmarkDotNet.Attributes;
using CheckpointGen.ObjectStorage.Probe;
using CheckpointGen.Storage;
using CheckpointGen.Storage.ObjectStores;

namespace CheckpointGen.PerfBenchmarks;

/// <summary>
/// Upload throughput of the object-store storages against the SDK uploading the same bytes from
/// memory (the baseline: one <c>BlobClient.Upload</c> of the whole checkpoint to Azurite, one
/// <c>PutObject</c> to s3rver). Our side is a whole <see cref="ICheckpointStorage.Save"/> of the same
/// checkpoint, serialization included, with the default options: both sizes fit the part buffers
/// (80 MiB), so each save is one create-only request sent once the checkpoint is serialized, and the
/// retention of the previous save (Keep = 1) runs in the background while the next save uploads.
/// Throughput = size / Mean; target (issue 15): Ratio at most 1.25 (at least 0.8×). The two sides run one after the
/// other; the probe's <c>timeline</c> command (tests/CheckpointGen.ObjectStorage.Probe) alternates them and gives the
/// paired ratio, which a server or machine slowing down during the run does not move.
/// docs/storages.md, "What a save costs", says when a save goes as parts and what that costs.
/// Needs the servers: <c>eval "$(.ci/object-stores start /tmp/ckpt-stores)"</c>, then
/// <c>dotnet run -c Release --project tests/CheckpointGen.PerfBenchmarks -- --filter '*UploadThroughput*' --iterationCount 20 --warmupCount 3</c>.
/// </summary>
[MemoryDiagnoser]
public class UploadThroughputBenchmarks
{
    private static readonly ObjectStoreOptions Options = new() { Keep = 1, LockWait = TimeSpan.FromSeconds(30) };

    private ByteState _state = null!;
    private byte[] _checkpoint = [];
    private ObjectStoreCheckpointStorage _storage = null!;
    private SdkUpload _sdk = null!;
    private string _prefix = "";
    private long _sequence;

    [Params("azure", "s3")]
    public string Backend { get; set; } = "";

    [Params(4, 64)]
    public int MiB { get; set; }

    [GlobalSetup]
    public void SetUp()
    {
        string variable = Backend == "azure" ? "CHECKPOINTGEN_AZURITE_URL" : "CHECKPOINTGEN_S3RVER_URL";
        string url = Environment.GetEnvironmentVariable(variable) is { Length: > 0 } found
            ? found
            : throw new InvalidOperationException($"{variable} is not set: start the servers with `eval \"$(.ci/object-stores start /tmp/ckpt-stores)\"` and run from that shell.");
        _state = ByteState.At(1, MiB << 20);
        using (var bytes = new MemoryStream())
        {
            Checkpoint.Save(_state, bytes);
            _checkpoint = bytes.ToArray();
        }
        _prefix = $"perf-{Guid.NewGuid():N}";
        _storage = ObjectStoreTarget.Open(Backend, url, _prefix, Options);
        _sdk = new SdkUpload(Backend, url, _prefix, Options);
    }

    [GlobalCleanup]
    public void CleanUp()
    {
        foreach (var checkpoint in _storage.List()) _storage.Delete(checkpoint);
        _storage.Dispose();
        _sdk.Dispose();
    }

    [Benchmark(Baseline = true, Description = "SDK upload of the checkpoint's bytes from memory")]
    public void SdkFromMemory() => _sdk.Upload(_checkpoint);

    [Benchmark(Description = "CheckpointGen storage: save of the same checkpoint")]
    public void StorageSave() => _storage.SaveCheckpoint(++_sequence, _state);
}
