using CheckpointGen.Storage;
using Xunit;

namespace CheckpointGen.Tests.Storage;

/// <summary>RestoreLatest works for any backend that implements the four raw operations.</summary>
public sealed class CheckpointStorageExtensionsTests
{
    [Fact]
    public void Restore_latest_falls_back_on_a_backend_whose_streams_cannot_seek()
    {
        var storage = new InMemoryStorage();
        for (long step = 1; step <= 3; step++)
        {
            using var root = TrainingStateRoot.AtStep(step * 10);
            storage.SaveCheckpoint(step, root);
        }
        storage.Blobs[3] = storage.Blobs[3][..^1];

        using var restored = new TrainingStateRoot();
        var result = storage.RestoreLatest(restored);

        Assert.Equal(2, result.Sequence);
        Assert.Equal(20, restored.Step);
        Assert.Equal([3L], result.Rejected.Select(r => r.Checkpoint.Sequence));
        // Verified and restored from one fetch each: a remote blob is not downloaded twice.
        Assert.Equal([3L, 2L], storage.Opened);
    }

    /// <summary>A minimal backend (think of an object store): whole blobs, streams that cannot seek.</summary>
    private sealed class InMemoryStorage : ICheckpointStorage
    {
        public SortedDictionary<long, byte[]> Blobs { get; } = [];

        public List<long> Opened { get; } = [];

        public void Save(long sequence, Action<Stream> write)
        {
            var buffer = new MemoryStream();
            write(buffer);
            Blobs[sequence] = buffer.ToArray();
        }

        public IReadOnlyList<CheckpointInfo> List() =>
            [.. Blobs.Reverse().Select(b => new CheckpointInfo(b.Key, $"blob-{b.Key}", b.Value.Length))];

        public Stream OpenRead(CheckpointInfo checkpoint)
        {
            Opened.Add(checkpoint.Sequence);
            return new ForwardOnlyStream(Blobs[checkpoint.Sequence]);
        }

        public void Delete(CheckpointInfo checkpoint) => Blobs.Remove(checkpoint.Sequence);
    }

    private sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes, writable: false);
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
