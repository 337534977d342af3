using System.Buffers;
using System.Runtime.InteropServices;
using CheckpointGen.Format;

namespace CheckpointGen.Writing;

public sealed partial class CheckpointWriter
{
    /// <summary>
    /// Writes a list or array of a sealed checkpointable class column by column
    /// (<see cref="ValueTag.ObjectColumns"/>). Every element keeps its identity: an object met here
    /// for the first time becomes a row of this group with the next component id, an object already
    /// written (or met again in the same collection) is stored as its id, a null as -1. Only the rows
    /// are written as columns, each member's key once for the whole collection.
    /// </summary>
    public void WriteObjectColumns<T>(ReadOnlySpan<T?> items) where T : class, ICheckpointableRows<T>
    {
        int groupOffset = _sink.Length;
        int typeName = _strings.Intern(RecordTypeName<T>.Value);
        _sink.WriteByte((byte)ValueTag.ObjectColumns);
        _sink.WriteVarUInt((uint)typeName);
        _sink.WriteVarUInt((uint)items.Length);
        int lengthAt = _sink.ReserveUInt32();

        int firstId = _components.Count;
        // Most elements of a large collection are new: grow the identity map and the directory once, not by doubling.
        _objectIds.EnsureCapacity(_objectIds.Count + items.Length);
        _components.EnsureCapacity(_components.Count + items.Length);
        int[] ids = ArrayPool<int>.Shared.Rent(items.Length);
        T[] rows = ArrayPool<T>.Shared.Rent(items.Length);
        int rowCount = 0;
        try
        {
            for (int i = 0; i < items.Length; i++)
            {
                var item = items[i];
                if (item is null) { ids[i] = FileLayout.NullId; continue; }
                ref int known = ref CollectionsMarshal.GetValueRefOrAddDefault(_objectIds, item, out bool exists);
                if (!exists)
                {
                    // A row's directory entry points at its group; its members are the group's columns.
                    known = _components.Count;
                    _components.Add(new ComponentEntry(typeName, groupOffset, 0));
                    rows[rowCount++] = item;
                }
                ids[i] = known;
            }
            _sink.WriteVarUInt((uint)firstId);
            _sink.WriteVarUInt((uint)rowCount);
            WritePrimitiveArray<int>(ids.AsSpan(0, items.Length));
            if (rowCount > 0) _content.RowGroups.Add(new RowGroup(firstId, rowCount, groupOffset));

            int open = _openMembers.Count;
            T.WriteColumns(this, rows.AsSpan(0, rowCount));
            if (_openMembers.Count != open)
                throw new InvalidOperationException($"{RecordTypeName<T>.Value}.WriteColumns left {_openMembers.Count - open} member(s) open: every BeginMember needs an EndMember.");
        }
        finally
        {
            ArrayPool<int>.Shared.Return(ids);
            ArrayPool<T>.Shared.Return(rows, clearArray: true);
        }
        _sink.PatchUInt32(lengthAt, checked((uint)(_sink.Length - lengthAt - 4)));
    }
}
