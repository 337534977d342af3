using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CheckpointGen.Format;

namespace CheckpointGen.Reading;

/// <summary>
/// Reads the blocks of a checkpoint (large primitive arrays) straight into their destination and
/// checks each one's XxHash3. Blocks up to <see cref="ChunkBytes"/> are hashed in one call after the
/// copy (they are still in cache); larger ones a chunk at a time, each chunk hashed right after it
/// is read. Byte lengths above 2 GiB are handled (a long[] or decimal[] can exceed what a span covers).
/// </summary>
internal sealed class BlockBytes(CheckpointSource source)
{
    private const int ChunkBytes = 1 << 20;

    private XxHash3? _hasher;
    private byte[]? _scratch;

    /// <summary>Fills <paramref name="length"/> bytes at <paramref name="destination"/> with the block's bytes; false when they do not match its hash (the destination then holds damaged data).</summary>
    public bool ReadInto(BlockEntry block, ref byte destination, long length)
    {
        if (length != block.Length) throw new ArgumentException("The destination does not have the block's length.", nameof(length));
        if (length <= ChunkBytes)
        {
            var span = MemoryMarshal.CreateSpan(ref destination, (int)length);
            source.ReadBlock(block.Offset, span);
            return XxHash3.HashToUInt64(span) == block.Hash;
        }
        var hasher = _hasher ??= new XxHash3();
        hasher.Reset();
        for (long done = 0; done < length;)
        {
            var chunk = MemoryMarshal.CreateSpan(ref Unsafe.Add(ref destination, (nint)done), (int)Math.Min(ChunkBytes, length - done));
            source.ReadBlock(block.Offset + done, chunk);
            hasher.Append(chunk);
            done += chunk.Length;
        }
        return hasher.GetCurrentHashAsUInt64() == block.Hash;
    }

    /// <summary>True when the block's bytes match its hash (read through a scratch buffer, or in place from memory).</summary>
    public bool HashMatches(BlockEntry block)
    {
        if (block.Length <= int.MaxValue && source.TryGetMemory(block.Offset, (int)block.Length, out var memory))
            return XxHash3.HashToUInt64(memory.Span) == block.Hash;
        var scratch = _scratch ??= new byte[ChunkBytes];
        var hasher = _hasher ??= new XxHash3();
        hasher.Reset();
        for (long done = 0; done < block.Length;)
        {
            var chunk = scratch.AsSpan(0, (int)Math.Min(ChunkBytes, block.Length - done));
            source.ReadBlock(block.Offset + done, chunk);
            hasher.Append(chunk);
            done += chunk.Length;
        }
        return hasher.GetCurrentHashAsUInt64() == block.Hash;
    }
}
