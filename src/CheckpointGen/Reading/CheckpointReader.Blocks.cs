using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CheckpointGen.Format;

namespace CheckpointGen.Reading;

public sealed partial class CheckpointReader
{
    private BlockBytes? _blockBytes;

    /// <summary>The block table (validated: in order, inside the data region, no overlap).</summary>
    internal BlockEntry[] Blocks { get; init; } = [];

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
            if (typeof(T) == typeof(bool)) CheckBooleans(ref cursor, ref MemoryMarshal.GetReference(memory.Span), block.Length);
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
        if (typeof(T) == typeof(bool)) CheckBooleans(ref cursor, ref first, block.Length);
    }

    /// <summary>Reads a block reference (after its tag) and checks it against the block table: element kind, index, count × size = the block's length.</summary>
    private (BlockEntry Block, int Count, int Index) OpenBlock<T>(ref ByteSource cursor) where T : unmanaged
    {
        var elementTag = (ValueTag)cursor.ReadByte();
        if (elementTag != PrimitiveTags.Of<T>()) throw KindMismatch(elementTag, typeof(T).Name, "array of ");
        int count = cursor.ReadCount(0, "array length");
        ulong index = cursor.ReadVarUInt();
        if (index >= (ulong)Blocks.Length) throw cursor.Fail($"refers to block {index}, but the block table has {Blocks.Length}");
        var block = Blocks[index];
        if (block.Length != (long)count * Unsafe.SizeOf<T>())
            throw cursor.Fail($"an array of {count} {typeof(T).Name} needs {(long)count * Unsafe.SizeOf<T>()} bytes, but block {index} holds {block.Length}");
        return (block, count, (int)index);
    }

    private CheckpointFormatException BlockChecksumMismatch(ref ByteSource cursor, BlockEntry block, int index) =>
        new($"Checkpoint {Source.Name} {cursor.Where}: checksum mismatch in block {index} (offset {block.Offset}, length {block.Length}); the file is damaged.");

    private static void CheckBooleans(ref ByteSource cursor, ref byte first, long length)
    {
        for (long i = 0; i < length; i++)
            if (Unsafe.Add(ref first, (nint)i) > 1) throw cursor.Fail("a Boolean array holds a byte other than 0 or 1");
    }
}
