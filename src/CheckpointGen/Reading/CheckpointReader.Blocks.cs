using System.Runtime.InteropServices;
using CheckpointGen.Format;

namespace CheckpointGen.Reading;

public sealed partial class CheckpointReader
{
    private BlockBytes? _blockBytes;

    /// <summary>The block table (validated: in order, inside the data region, no overlap).</summary>
    internal BlockEntry[] Blocks { get; }

    /// <summary>
    /// Reads a primitive array. When <paramref name="existing"/> has the saved length it is filled
    /// in place and returned (references to it stay valid); otherwise a new array is returned. A
    /// large array saved as a block goes straight from the checkpoint into the array, then its
    /// checksum is verified (on a mismatch the array's contents are undefined and a
    /// <see cref="CheckpointFormatException"/> is thrown, as for a damaged tensor).
    /// </summary>
    public T[] ReadPrimitiveArray<T>(T[]? existing) where T : unmanaged
    {
        ref var cursor = ref Cursor;
        if (cursor.PeekByte() != (byte)ValueTag.BlockArray)
        {
            var span = ReadPrimitiveSpan<T>();
            if (existing is null || existing.Length != span.Length) return span.ToArray();
            span.CopyTo(existing);
            return existing;
        }
        cursor.ReadByte();
        var (block, count, index) = OpenBlock<T>(ref cursor);
        var array = existing is not null && existing.Length == count ? existing : GC.AllocateUninitializedArray<T>(count);
        FillFromBlock(ref cursor, block, index, array);
        return array;
    }

    /// <summary>A block read as a span: over the source's memory when it has some (hash checked in place), else over a new array.</summary>
    private ReadOnlySpan<T> ReadBlockSpan<T>(ref ByteSource cursor) where T : unmanaged
    {
        var (block, count, index) = OpenBlock<T>(ref cursor);
        if (Source.TryGetMemory(block.Offset, (int)Math.Min(block.Length, int.MaxValue), out var memory) && memory.Length == block.Length)
        {
            if (FileLayout.Hash(memory.Span) != block.Hash) throw BlockChecksumMismatch(ref cursor, block, index);
            if (typeof(T) == typeof(bool)) ValueDecoder.CheckBooleans(ref cursor, memory.Span);
            return MemoryMarshal.Cast<byte, T>(memory.Span);
        }
        var array = GC.AllocateUninitializedArray<T>(count);
        FillFromBlock(ref cursor, block, index, array);
        return array;
    }

    /// <summary>Reads the block's bytes into <paramref name="array"/> (of the block's length), then checks its hash and, for Booleans, every byte.</summary>
    private void FillFromBlock<T>(ref ByteSource cursor, BlockEntry block, int index, T[] array) where T : unmanaged
    {
        ref byte first = ref MemoryMarshal.GetArrayDataReference((Array)array);
        if (!(_blockBytes ??= new BlockBytes(Source)).ReadInto(block, ref first, block.Length))
            throw BlockChecksumMismatch(ref cursor, block, index);
        // A bool[] holds fewer than 2^31 bytes, so its block fits a span.
        if (typeof(T) == typeof(bool)) ValueDecoder.CheckBooleans(ref cursor, MemoryMarshal.CreateReadOnlySpan(ref first, (int)block.Length));
    }

    /// <summary>Reads a block reference (after its tag), checked against the block table, for elements of type <typeparamref name="T"/>.</summary>
    private (BlockEntry Block, int Count, int Index) OpenBlock<T>(ref ByteSource cursor) where T : unmanaged
    {
        var array = _decoder.ReadBlockArray(ref cursor);
        if (array.Element != PrimitiveTags.Of<T>()) throw KindMismatch(array.Element, typeof(T).Name, "array of ");
        return (array.Block, array.Count, array.Index);
    }

    private CheckpointFormatException BlockChecksumMismatch(ref ByteSource cursor, BlockEntry block, int index) =>
        new($"Checkpoint {Source.Name} {cursor.Where}: checksum mismatch in block {index} (offset {block.Offset}, length {block.Length}); the file is damaged.");
}
