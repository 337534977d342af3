using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CheckpointGen.Format;

namespace CheckpointGen.Writing;

public sealed partial class CheckpointWriter
{
    /// <summary>
    /// Writes a collection of checkpointable structs column by column (<see cref="ValueTag.RecordColumns"/>):
    /// each member's key once, then that member's values of all elements. A struct that saves no
    /// members is written as a sequence of records instead, so that every element count in a file is
    /// backed by bytes a reader can check.
    /// </summary>
    public void WriteRecordColumns<T>(ReadOnlySpan<T> items) where T : struct, ICheckpointableRecord<T>
    {
        int start = _sink.Length;
        _sink.WriteByte((byte)ValueTag.RecordColumns);
        _sink.WriteVarUInt((uint)_strings.Intern(RecordTypeName<T>.Value));
        _sink.WriteVarUInt((uint)items.Length);
        int lengthAt = _sink.ReserveUInt32();
        int open = _openMembers.Count;
        T.WriteColumns(this, items);
        if (_openMembers.Count != open)
            throw new InvalidOperationException($"{RecordTypeName<T>.Value}.WriteColumns left {_openMembers.Count - open} member(s) open: every BeginMember needs an EndMember.");
        if (_sink.Length == lengthAt + 4 && items.Length > 0)
        {
            _sink.Truncate(start);
            BeginSequence(items.Length);
            foreach (ref readonly T item in items) WriteRecord(in item);
            return;
        }
        _sink.PatchUInt32(lengthAt, checked((uint)(_sink.Length - lengthAt - 4)));
    }

    /// <summary>
    /// Starts a column of <paramref name="count"/> primitive values (bool, integers, floats, char) and
    /// returns the place to put them, in the manifest itself (no temporary array). Fill every element
    /// before the next call on this writer.
    /// </summary>
    public Span<T> BeginPrimitiveColumn<T>(int count) where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _sink.WriteByte((byte)ValueTag.PrimitiveArray);
        _sink.WriteByte((byte)PrimitiveTags.Of<T>());
        _sink.WriteVarUInt((uint)count);
        int bytes = checked(count * Unsafe.SizeOf<T>());
        var column = MemoryMarshal.Cast<byte, T>(_sink.GetSpan(bytes)[..bytes]);
        _sink.Advance(bytes);
        return column;
    }
}
