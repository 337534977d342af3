using System.Buffers;
using System.Runtime.InteropServices;
using CheckpointGen.Format;

namespace CheckpointGen.Writing;

public sealed partial class CheckpointWriter
{
    // The element id of a new object that is not a row, until it is registered after the rows.
    private const int LaterId = int.MinValue;

    /// <summary>
    /// Writes a list or array of a checkpointable class as object columns (docs/format.md): the objects
    /// of exactly <typeparamref name="T"/> met here for the first time are its rows, each keeping a
    /// component id; objects already written, and objects of a derived class, are stored as their ids.
    /// </summary>
    public void WriteObjectColumns<T>(ReadOnlySpan<T?> items) where T : class, ICheckpointableRows<T> =>
        WriteObjectGroup(items, RowsCodec<T>.Instance);

    /// <summary>
    /// Writes a list or array of objects declared with an interface or a base class: as object columns
    /// of the class of the first new element that has them (<see cref="ICheckpointableRows"/>), the other
    /// objects stored as their ids; as a sequence of object references when no new element has them.
    /// </summary>
    public void WritePolymorphicColumns<T>(ReadOnlySpan<T?> items) where T : class
    {
        foreach (var item in items)
        {
            if (item is not ICheckpointableRows { Rows: var codec } || codec.Type != item.GetType() || _objectIds.ContainsKey(item)) continue;
            WriteObjectGroup(items, codec);
            return;
        }
        BeginSequence(items.Length);
        foreach (var item in items) WriteObject(item);
    }

    private void WriteObjectGroup<T>(ReadOnlySpan<T?> items, RowsCodec codec) where T : class
    {
        int groupOffset = _sink.Length;
        int typeName = _strings.Intern(codec.TypeName);
        _sink.WriteByte((byte)ValueTag.ObjectColumns);
        _sink.WriteVarUInt((uint)typeName);
        _sink.WriteVarUInt((uint)items.Length);
        int lengthAt = _sink.ReserveUInt32();

        int firstId = _components.Count;
        // Most elements of a large collection are new: grow the identity map and the directory once, not by doubling.
        _objectIds.EnsureCapacity(_objectIds.Count + items.Length);
        _components.EnsureCapacity(_components.Count + items.Length);
        int[] ids = ArrayPool<int>.Shared.Rent(items.Length);
        object[] rows = ArrayPool<object>.Shared.Rent(items.Length);
        int rowCount = 0;
        bool later = false;
        var rowType = codec.Type;
        try
        {
            for (int i = 0; i < items.Length; i++)
            {
                var item = items[i];
                if (item is null) { ids[i] = FileLayout.NullId; continue; }
                ref int known = ref CollectionsMarshal.GetValueRefOrAddDefault(_objectIds, item, out bool exists);
                if (!exists)
                {
                    if (item.GetType() == rowType)
                    {
                        // A row's directory entry points at its group; its members are the group's columns.
                        known = _components.Count;
                        _components.Add(new ComponentEntry(typeName, groupOffset, 0));
                        rows[rowCount++] = item;
                    }
                    else
                    {
                        known = LaterId;
                        later = true;
                    }
                }
                ids[i] = known;
            }
            // Other new objects become ordinary components after the rows, whose ids must be consecutive.
            if (later) RegisterLater(items, ids);
            _sink.WriteVarUInt((uint)firstId);
            _sink.WriteVarUInt((uint)rowCount);
            WritePrimitiveArray<int>(ids.AsSpan(0, items.Length));
            if (rowCount > 0) _content.RowGroups.Add(new RowGroup(firstId, rowCount, groupOffset));

            int open = _openMembers.Count;
            codec.WriteColumns(this, rows.AsSpan(0, rowCount));
            if (_openMembers.Count != open)
                throw new InvalidOperationException($"{codec.TypeName}.WriteColumns left {_openMembers.Count - open} member(s) open: every BeginMember needs an EndMember.");
        }
        finally
        {
            ArrayPool<int>.Shared.Return(ids);
            ArrayPool<object>.Shared.Return(rows, clearArray: true);
        }
        _sink.PatchUInt32(lengthAt, checked((uint)(_sink.Length - lengthAt - 4)));
    }

    private void RegisterLater<T>(ReadOnlySpan<T?> items, int[] ids) where T : class
    {
        for (int i = 0; i < items.Length; i++)
        {
            if (ids[i] != LaterId) continue;
            ref int known = ref CollectionsMarshal.GetValueRefOrNullRef(_objectIds, items[i]!);
            if (known == LaterId) known = Register(items[i]!, registered: true);
            ids[i] = known;
        }
    }
}
