using CheckpointGen.Writing;

namespace CheckpointGen.Tests.Writing;

public sealed class SnapshotBufferTests
{
    [Theory]
    [InlineData(1_000)]
    [InlineData(24 << 20)]
    public void Bytes_written_across_chunk_boundaries_read_back_unchanged(int length)
    {
        var buffer = new SnapshotBuffer();
        buffer.EnsureCapacity(3 << 20);
        buffer.EnsureCapacity(64 << 20); // a second chunk starts at 3 MiB
        var bytes = new byte[length];
        new Random(7).NextBytes(bytes);
        long offset = (3 << 20) - 1_000 / 2;

        buffer.Write(offset, bytes);

        var read = buffer.Pieces(offset, length, maxPiece: 1 << 20).SelectMany(piece => piece.ToArray()).ToArray();
        Assert.Equal(bytes, read);
    }

    [Fact]
    public void A_write_past_the_capacity_is_refused_and_writes_nothing()
    {
        var buffer = new SnapshotBuffer();
        buffer.EnsureCapacity(1 << 20);
        buffer.Write(buffer.Capacity - 10, new byte[10]);
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Write(buffer.Capacity - 10, Enumerable.Repeat((byte)1, 11).ToArray()));
        Assert.All(buffer.Pieces(buffer.Capacity - 10, 10, 16).SelectMany(p => p.ToArray()), b => Assert.Equal(0, b));
    }
}
