using System.Runtime.InteropServices;
using CheckpointGen.Writing;

namespace CheckpointGen.Tests.Writing;

public sealed class SnapshotBufferTests
{
    [Theory]
    [InlineData(1_000)]
    [InlineData(20 << 20)] // split among the cores in parts
    public void Sources_copied_in_land_end_to_end_across_chunk_and_part_boundaries(int length)
    {
        var buffer = new SnapshotBuffer();
        buffer.EnsureCapacity(3 << 20);
        buffer.EnsureCapacity(64 << 20); // a second chunk starts at 3 MiB
        var random = new Random(7);
        // Native memory, byte and float arrays and an empty source, of uneven sizes.
        int[] sizes = [length / 7, 0, length / 5 + 1, length / 3 + 8, length / 4 + 3];
        var natives = new List<nint>();
        try
        {
            var sources = new List<CopySource>();
            var expected = new MemoryStream();
            for (int i = 0; i < sizes.Length; i++)
            {
                var bytes = new byte[sizes[i] - sizes[i] % 4];
                random.NextBytes(bytes);
                expected.Write(bytes);
                if (i % 3 == 0)
                {
                    natives.Add(Marshal.AllocHGlobal(Math.Max(1, bytes.Length)));
                    Marshal.Copy(bytes, 0, natives[^1], bytes.Length);
                    sources.Add(CopySource.At(natives[^1], bytes.Length));
                }
                else if (i % 3 == 1) sources.Add(CopySource.Of(bytes, bytes.Length));
                else sources.Add(CopySource.Of(MemoryMarshal.Cast<byte, float>(bytes).ToArray(), bytes.Length));
            }

            buffer.CopyIn(sources);

            var read = buffer.Pieces(0, expected.Length, maxPiece: 1 << 20).SelectMany(piece => piece.ToArray()).ToArray();
            Assert.True(expected.ToArray().AsSpan().SequenceEqual(read), "the buffer holds other bytes than the sources");
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
        var large = new byte[3 << 20];
        new Random(3).NextBytes(large);
        buffer.CopyIn([CopySource.Of(large, large.Length)]);
        long capacity = buffer.Capacity;
        Assert.True(capacity >= large.Length);

        var small = new byte[1 << 20];
        new Random(4).NextBytes(small);
        buffer.CopyIn([CopySource.Of(small, small.Length), CopySource.Of(large, 10)]);

        Assert.Equal(capacity, buffer.Capacity);
        var read = buffer.Pieces(0, small.Length + 10, maxPiece: 1 << 16).SelectMany(piece => piece.ToArray()).ToArray();
        Assert.Equal(small.Concat(large.Take(10)), read);
    }
}
