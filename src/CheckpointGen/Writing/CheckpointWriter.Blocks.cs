using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CheckpointGen.Format;

namespace CheckpointGen.Writing;

public sealed partial class CheckpointWriter
{
    /// <summary>
    /// Arrays of at least this many bytes are stored as blocks in the data region instead of inside
    /// the manifest: below it, a block's table row and hash cost more than the copy they save; from it
    /// on, a block skips the manifest buffer and is restored straight into its array (docs/performance.md).
    /// </summary>
    public const int BlockThresholdBytes = 1024;

    /// <summary>
    /// Writes an array of a primitive kind (bool, integers, floats, char). Arrays of at least
    /// <see cref="BlockThresholdBytes"/> bytes are stored as a block outside the manifest and restored
    /// straight into their destination; smaller ones as <see cref="WritePrimitiveArray{T}(ReadOnlySpan{T})"/>.
    /// A null array is written as an empty one, as the span overload does.
    /// </summary>
    /// <remarks>
    /// A block's bytes are read from <paramref name="values"/> later: when the checkpoint is written, after
    /// every <see cref="ICheckpointable.WriteCheckpoint"/> of the save has returned, or by an asynchronous
    /// save's copier while the rest of the graph is walked. The array must not change until
    /// <see cref="Checkpoint.Save(object, Stream)"/> returns (pass a span, copied at once, for a scratch
    /// buffer that is refilled during the save). A save was never safe against other threads mutating
    /// the state it saves.
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
        _sink.WriteVarUInt((uint)_content.Blocks.Count);
        _content.AddBlock(new ArraySource(values, (long)values.Length * Unsafe.SizeOf<T>()));
    }
}
