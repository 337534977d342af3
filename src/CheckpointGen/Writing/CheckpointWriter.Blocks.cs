using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CheckpointGen.Format;

namespace CheckpointGen.Writing;

public sealed partial class CheckpointWriter
{
    /// <summary>
    /// Arrays of at least this many bytes are stored as blocks in the data region instead of inside
    /// the manifest. Below it, the table row (24 bytes) and the per-block hash cost more than the
    /// copy they save; above it, a block skips the manifest buffer, its growth copies and the
    /// manifest hash, and is restored straight into its array. Measured (8 MB of float arrays, save +
    /// restore in memory): blocks are 2–3× slower at 128 B, even at 256 B, faster from 512 B, and
    /// 1.5–2.7× faster from 1 KiB on, where the table adds at most 2.3 % to the file.
    /// </summary>
    public const int BlockThresholdBytes = 1024;

    /// <summary>Bytes hashed per step when a block is hashed in pieces (stays in L2 between hashing and writing).</summary>
    private const int BlockChunkBytes = 128 * 1024;

    // The arrays themselves (not copies) and their byte lengths, written after the manifest is built.
    private readonly List<(Array Array, long Length)> _blocks = [];

    internal int BlockCount => _blocks.Count;

    /// <summary>
    /// Writes an array of a primitive kind (bool, integers, floats, char). Arrays of at least
    /// <see cref="BlockThresholdBytes"/> bytes are stored as a block outside the manifest and restored
    /// straight into their destination; smaller ones as <see cref="WritePrimitiveArray{T}(ReadOnlySpan{T})"/>.
    /// A null array is written as an empty one, as the span overload does.
    /// </summary>
    /// <remarks>
    /// A block's bytes are read from <paramref name="values"/> when the checkpoint is written, after
    /// every <see cref="ICheckpointable.WriteCheckpoint"/> of the save has returned: the array must not
    /// change until <see cref="Checkpoint.Save(object, Stream)"/> returns (pass a span, copied at once,
    /// for a scratch buffer that is refilled during the save). A save was never safe against other
    /// threads mutating the state it saves.
    /// </remarks>
    public void WritePrimitiveArray<T>(T[]? values) where T : unmanaged
    {
        if (values is null || (long)values.Length * Unsafe.SizeOf<T>() < BlockThresholdBytes)
        {
            WritePrimitiveArray(new ReadOnlySpan<T>(values));
            return;
        }
        var span = _sink.GetSpan(2);
        span[0] = (byte)ValueTag.BlockArray;
        span[1] = (byte)PrimitiveTags.Of<T>();
        _sink.Advance(2);
        _sink.WriteVarUInt((uint)values.Length);
        _sink.WriteVarUInt((uint)_blocks.Count);
        _blocks.Add((values, (long)values.Length * Unsafe.SizeOf<T>()));
    }

    /// <summary>
    /// Streams every recorded block to <paramref name="output"/>, one after the other from
    /// <paramref name="position"/> (where the tensors end), straight from the arrays, hashing as it goes.
    /// </summary>
    internal BlockEntry[] WriteBlocks(Stream output, long position, out long end)
    {
        var entries = new BlockEntry[_blocks.Count];
        XxHash3? hasher = null;
        for (int i = 0; i < entries.Length; i++)
        {
            var (array, length) = _blocks[i];
            ref byte first = ref MemoryMarshal.GetArrayDataReference(array);
            ulong hash;
            if (length <= BlockChunkBytes)
            {
                var bytes = MemoryMarshal.CreateReadOnlySpan(ref first, (int)length);
                hash = XxHash3.HashToUInt64(bytes);
                output.Write(bytes);
            }
            else
            {
                hasher ??= new XxHash3();
                hasher.Reset();
                for (long done = 0; done < length;)
                {
                    var chunk = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref first, (nint)done), (int)Math.Min(BlockChunkBytes, length - done));
                    hasher.Append(chunk);
                    output.Write(chunk);
                    done += chunk.Length;
                }
                hash = hasher.GetCurrentHashAsUInt64();
            }
            entries[i] = new BlockEntry(position, length, hash);
            position += length;
        }
        end = position;
        return entries;
    }
}
