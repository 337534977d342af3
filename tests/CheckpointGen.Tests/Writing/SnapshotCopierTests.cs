using System.Runtime.InteropServices;
using CheckpointGen.Writing;

namespace CheckpointGen.Tests.Writing;

public sealed class SnapshotCopierTests
{
    [Theory]
    [InlineData(1_000, 64 << 20)]
    [InlineData(20 << 20, 64 << 20)] // many pieces, shared by the copier's thread and the caller
    [InlineData(20 << 20, 0)] // nothing fits: the buffer grows at the end and everything is copied then
    [InlineData(6 << 20, 3 << 20)] // the first sources are copied during the walk, the rest after the growth
    public void Sources_added_land_one_after_the_other_across_chunk_boundaries(int length, int capacity)
    {
        var buffer = new SnapshotBuffer();
        if (capacity > 0)
        {
            buffer.EnsureCapacity(3 << 20);
            buffer.EnsureCapacity(capacity); // a second chunk starts at 3 MiB
        }
        using var copier = new SnapshotCopier(buffer);
        var random = new Random(7);
        // Native memory, byte and float arrays and an empty source, of uneven sizes.
        int[] sizes = [length / 7, 0, length / 5 + 1, length / 3 + 8, length / 4 + 3];
        var natives = new List<nint>();
        try
        {
            var expected = new MemoryStream();
            var copies = new List<SnapshotSource>();
            copier.Begin();
            for (int i = 0; i < sizes.Length; i++)
            {
                var bytes = new byte[sizes[i] - sizes[i] % 4];
                random.NextBytes(bytes);
                expected.Write(bytes);
                if (i % 3 == 0)
                {
                    natives.Add(Marshal.AllocHGlobal(Math.Max(1, bytes.Length)));
                    Marshal.Copy(bytes, 0, natives[^1], bytes.Length);
                    copies.Add(copier.Add(CopySource.At(natives[^1], bytes.Length)));
                }
                else if (i % 3 == 1) copies.Add(copier.Add(CopySource.Of(bytes, bytes.Length)));
                else copies.Add(copier.Add(CopySource.Of(MemoryMarshal.Cast<byte, float>(bytes).ToArray(), bytes.Length)));
            }

            copier.Finish();

            var read = buffer.Pieces(0, expected.Length, maxPiece: 1 << 20).SelectMany(piece => piece.ToArray()).ToArray();
            Assert.True(expected.ToArray().AsSpan().SequenceEqual(read), "the buffer holds other bytes than the sources");
            Assert.Equal(sizes.Select(s => (long)(s - s % 4)), copies.Select(c => c.Length));
        }
        finally
        {
            foreach (var native in natives) Marshal.FreeHGlobal(native);
        }
    }

    [Fact]
    public void A_copy_grows_the_buffer_to_its_data_and_a_smaller_one_reuses_it()
    {
        var buffer = new SnapshotBuffer();
        using var copier = new SnapshotCopier(buffer);
        var large = new byte[3 << 20];
        new Random(3).NextBytes(large);
        copier.Begin();
        copier.Add(CopySource.Of(large, large.Length));
        copier.Finish();
        long capacity = buffer.Capacity;
        Assert.True(capacity >= large.Length);

        var small = new byte[1 << 20];
        new Random(4).NextBytes(small);
        copier.Begin();
        copier.Add(CopySource.Of(small, small.Length));
        copier.Add(CopySource.Of(large, 10));
        copier.Finish();

        Assert.Equal(capacity, buffer.Capacity);
        var read = buffer.Pieces(0, small.Length + 10, maxPiece: 1 << 16).SelectMany(piece => piece.ToArray()).ToArray();
        Assert.Equal(small.Concat(large.Take(10)), read);
    }

    [Fact]
    public void A_cancelled_copy_leaves_nothing_in_flight_to_write_into_the_buffer_afterwards()
    {
        var buffer = new SnapshotBuffer();
        buffer.EnsureCapacity(64 << 20);
        using var copier = new SnapshotCopier(buffer);
        var stale = Enumerable.Repeat((byte)0xAA, 48 << 20).ToArray();
        copier.Begin();
        copier.Add(CopySource.Of(stale, stale.Length));
        copier.Cancel();

        // Whoever uses the buffer next (the next snapshot) writes into it; nothing of the cancelled copy may land after.
        var fresh = new byte[48 << 20];
        new Random(5).NextBytes(fresh);
        buffer.CopyFrom(CopySource.Of(fresh, fresh.Length), 0, 0, fresh.Length);
        Thread.Sleep(100);

        var read = buffer.Pieces(0, fresh.Length, maxPiece: 1 << 20).SelectMany(piece => piece.ToArray()).ToArray();
        Assert.True(fresh.AsSpan().SequenceEqual(read), "a piece of the cancelled copy was written after Cancel returned");
    }
}
