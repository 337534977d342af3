using System.Buffers;
using System.Runtime.InteropServices;
using CheckpointGen.Format;

namespace CheckpointGen.Reading;

public sealed partial class CheckpointReader
{
    private ValueWalker? _walker;
    private Dictionary<int, RowColumns>? _rowColumns;

    /// <summary>
    /// Steps over the next value without restoring anything: inside <see cref="ICheckpointableRows{TSelf}.ReadColumns"/>,
    /// for the rows that are not being read. Lengths and references are still checked; a reference to
    /// an object is not followed.
    /// </summary>
    public void SkipValue() => Walker.Skip(ref Cursor);

    /// <summary>
    /// Reads a list of a sealed checkpointable class saved column by column or (from older files, or a
    /// writer without columns) as a sequence of object references. <paramref name="existing"/> is
    /// refilled in place (null: a new list); element i's object, when it is first restored here, is
    /// restored into the list's current element i (a new instance when that is null).
    /// </summary>
    public List<T>? ReadObjectList<T>(List<T>? existing) where T : class, ICheckpointableRows<T>
    {
        switch (PeekTag())
        {
            case ValueTag.Null:
                Cursor.ReadByte();
                return null;
            case ValueTag.Sequence:
            {
                int count = BeginSequence();
                var list = existing ?? new List<T>(count);
                for (int i = 0; i < count; i++)
                {
                    var item = ReadOrCreateObject(i < list.Count ? list[i] : null)!;
                    if (i < list.Count) list[i] = item;
                    else list.Add(item);
                }
                if (list.Count > count) list.RemoveRange(count, list.Count - count);
                return list;
            }
        }
        var group = OpenGroup(ref Cursor, typeof(T));
        var result = existing ?? new List<T>(group.Count);
        if (result.Count > group.Count) result.RemoveRange(group.Count, result.Count - group.Count);
        // Growing a list of references exposes cleared slots: the new elements start as null.
        CollectionsMarshal.SetCount(result, group.Count);
        ReadGroup(group, CollectionsMarshal.AsSpan(result));
        return result;
    }

    /// <summary>
    /// Reads an array of a sealed checkpointable class saved column by column or as a sequence of object
    /// references; <paramref name="existing"/> is reused when its length matches, and its elements are
    /// the instances restored into either way.
    /// </summary>
    public T[]? ReadObjectArray<T>(T[]? existing) where T : class, ICheckpointableRows<T>
    {
        if (PeekTag() == ValueTag.Null)
        {
            Cursor.ReadByte();
            return null;
        }
        if (PeekTag() == ValueTag.Sequence)
        {
            int count = BeginSequence();
            var items = ArrayFor(existing, count);
            for (int i = 0; i < count; i++) items[i] = ReadOrCreateObject(items[i])!;
            return items;
        }
        var group = OpenGroup(ref Cursor, typeof(T));
        var array = ArrayFor(existing, group.Count);
        ReadGroup(group, array.AsSpan());
        return array;
    }

    /// <summary>An array of <paramref name="count"/> elements holding the existing elements at their indices.</summary>
    private static T[] ArrayFor<T>(T[]? existing, int count) where T : class
    {
        if (existing is not null && existing.Length == count) return existing;
        var array = new T[count];
        existing?.AsSpan(0, Math.Min(count, existing.Length)).CopyTo(array);
        return array;
    }

    /// <summary>
    /// Restores a column group into <paramref name="items"/> (the collection's existing elements on
    /// entry, its restored elements on exit). First every element is resolved: a row met for the first
    /// time gets its instance (the existing element or a new one), an object restored already is
    /// reused, an object of another component is restored now. Then the columns are read into the
    /// rows not restored before (a row may have been restored early, through another reference).
    /// </summary>
    private void ReadGroup<T>(in ObjectGroup group, Span<T> items) where T : class, ICheckpointableRows<T>
    {
        var ids = MemoryMarshal.Cast<byte, int>(group.Ids.Span);
        T?[] rows = ArrayPool<T?>.Shared.Rent(group.RowCount);
        int restored = 0;
        try
        {
            int nextRow = 0;
            for (int i = 0; i < items.Length; i++)
            {
                int id = ids[i];
                if (id == -1) { items[i] = null!; continue; }
                if ((uint)id >= (uint)_materialized.Length) throw GroupFail(group, $"element {i} refers to component {id}, but there are only {_materialized.Length}");
                int row = id - group.FirstId;
                if ((uint)row < (uint)group.RowCount && row >= nextRow)
                {
                    if (row > nextRow) throw GroupFail(group, $"element {i} is row {row}, but the next new row is {nextRow} (rows are numbered in order of first appearance)");
                    nextRow++;
                    rows[row] = null;
                    if (_materialized[id] is { } early)
                    {
                        items[i] = Restored<T>(early, id, group);
                        continue;
                    }
                    var target = items[i] ?? T.CreateForRestore();
                    _materialized[id] = target;
                    rows[row] = target;
                    items[i] = target;
                    restored++;
                }
                else if (_materialized[id] is { } known)
                {
                    items[i] = Restored<T>(known, id, group);
                }
                else
                {
                    // Written before this collection (breadth-first), but first met here by this depth-first reader.
                    var target = items[i] ?? T.CreateForRestore();
                    ReadComponentInto(id, target);
                    items[i] = target;
                }
            }
            if (nextRow != group.RowCount) throw GroupFail(group, $"it has {group.RowCount} rows, but its elements name only {nextRow}");
            int rowCount = group.RowCount;
            ReadGroupColumns(group, () => T.ReadColumns(this, rows.AsSpan(0, rowCount)));
            Report.ComponentCount += restored;
        }
        finally
        {
            ArrayPool<T?>.Shared.Return(rows, clearArray: true);
        }
    }

    /// <summary>
    /// Restores component <paramref name="id"/>, stored as a row of column group <paramref name="groupIndex"/>,
    /// into <paramref name="target"/> alone, through the object's own per-member code: the row is given
    /// back the member list it would have had as a component. Used when the row is reached through
    /// another reference before its collection, and when the collection is read by code that restores
    /// one object at a time (see <see cref="ExpandObjectColumns"/>).
    /// </summary>
    private void ReadRowInto(int groupIndex, int id, object target, string savedType)
    {
        var entry = _manifest.RowGroups[groupIndex];
        if (!(_rowColumns ??= []).TryGetValue(groupIndex, out var columns))
        {
            columns = RowColumns.ForGroup(_manifest, entry, Walker, out string groupType);
            if (groupType != savedType)
                throw new CheckpointFormatException($"Checkpoint component {id} is a {savedType} in the directory, but its row group holds {groupType} (damaged data).");
            _rowColumns.Add(groupIndex, columns);
        }
        ReadMembersInto(columns.MembersOf(id - entry.FirstId), target, savedType);
    }

    /// <summary>
    /// Turns the object columns at the cursor into the sequence of object references they stand for
    /// (null for -1), followed by the bytes after them: code that reads a sequence of objects (a
    /// class no longer sealed, a <c>List&lt;T?&gt;</c>, a queue) reads a file written with columns,
    /// each object then restored from its row.
    /// </summary>
    private void ExpandObjectColumns()
    {
        ref var cursor = ref Cursor;
        var group = OpenGroup(ref cursor, null);
        var ids = MemoryMarshal.Cast<byte, int>(group.Ids.Span);
        using var sink = new ByteSink(16 + 6 * ids.Length + cursor.Remaining);
        sink.WriteByte((byte)ValueTag.Sequence);
        sink.WriteVarUInt((uint)ids.Length);
        foreach (int id in ids)
        {
            if (id == -1) { sink.WriteByte((byte)ValueTag.Null); continue; }
            if ((uint)id >= (uint)_materialized.Length) throw GroupFail(group, $"an element refers to component {id}, but there are only {_materialized.Length}");
            sink.WriteByte((byte)ValueTag.ObjectRef);
            sink.WriteVarUInt((uint)id);
        }
        sink.WriteBytes(cursor.Memory.Span[cursor.Position..]);
        cursor = cursor.Over(sink.WrittenSpan.ToArray());
    }

    private ValueWalker Walker => _walker ??= new ValueWalker(_manifest, _tensors.Length, Blocks);

    private void ReadGroupColumns(in ObjectGroup group, Action read)
    {
        PushTable(group.Columns, group.TypeName);
        try
        {
            read();
        }
        catch
        {
            PopTable(checkUnread: false);
            throw;
        }
        PopTable();
    }

    /// <summary>
    /// Opens the column group at <paramref name="cursor"/>: its type (checked against
    /// <paramref name="type"/>; null: any type, each object checked when restored), element count, rows and element ids,
    /// every count checked against the bytes present and the rows against the manifest's row-group table.
    /// </summary>
    private ObjectGroup OpenGroup(ref ByteSource cursor, Type? type)
    {
        int groupStart = cursor.OffsetIn(_manifest.Area);
        string saved = ReadRecordHeader(ref cursor, ValueTag.ObjectColumns, null, type);
        int count = cursor.ReadCount(4, "element count");
        uint length = cursor.Read<uint>();
        if (length > (uint)cursor.Remaining) throw cursor.Fail($"object columns length {length} exceeds the {cursor.Remaining} bytes left");
        var inner = new ByteSource(cursor.TakeMemory((int)length), "object columns", saved);
        ulong firstId = inner.ReadVarUInt();
        ulong rowCount = inner.ReadVarUInt();
        if (rowCount > (ulong)count || (rowCount > 0 && (firstId == 0 || firstId > (ulong)_materialized.Length - rowCount)))
            throw inner.Fail($"rows {firstId}+{rowCount} of {count} elements do not fit the {_materialized.Length} components");
        if ((ValueTag)inner.ReadByte() != ValueTag.PrimitiveArray || (ValueTag)inner.ReadByte() != ValueTag.Int32)
            throw inner.Fail("the element ids are not an Int32 array");
        int stored = inner.ReadCount(4, "element id count");
        if (stored != count) throw inner.Fail($"{stored} element ids for {count} elements");
        var ids = inner.TakeMemory(count * sizeof(int));
        var group = new ObjectGroup(saved, count, (int)firstId, (int)rowCount, ids, inner.Memory[inner.Position..]);
        if (rowCount > 0)
        {
            int index = _manifest.GroupOf((int)firstId);
            if (index < 0 || _manifest.RowGroups[index].FirstId != (int)firstId || _manifest.RowGroups[index].RowCount != (int)rowCount || _manifest.RowGroups[index].Offset != groupStart)
                throw GroupFail(group, $"the manifest's row-group table does not list rows {firstId}+{rowCount} at offset {groupStart}");
        }
        return group;
    }

    private static T Restored<T>(object known, int id, in ObjectGroup group) where T : class =>
        known as T ?? throw new CheckpointMismatchException($"Checkpoint object columns of {group.TypeName}: component {id} was already restored as a {TypeNames.Of(known.GetType())}, not a {TypeNames.Of(typeof(T))}.");

    private static CheckpointFormatException GroupFail(in ObjectGroup group, string what) =>
        new($"Checkpoint object columns of {group.TypeName} ({group.Count} elements): {what} (damaged data).");

    /// <summary>An opened column group: its element ids (Int32, -1 for null) and its member list of columns.</summary>
    private readonly record struct ObjectGroup(string TypeName, int Count, int FirstId, int RowCount, ReadOnlyMemory<byte> Ids, ReadOnlyMemory<byte> Columns);
}
