using System.Buffers;
using System.Runtime.InteropServices;
using CheckpointGen.Format;

namespace CheckpointGen.Reading;

public sealed partial class CheckpointReader
{
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
                TryReadNull();
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
        var group = OpenGroup<T>();
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
        switch (PeekTag())
        {
            case ValueTag.Null:
                TryReadNull();
                return null;
            case ValueTag.Sequence:
            {
                int count = BeginSequence();
                var items = ArrayFor(existing, count);
                for (int i = 0; i < count; i++) items[i] = ReadOrCreateObject(items[i])!;
                return items;
            }
        }
        var group = OpenGroup<T>();
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

    /// <summary>Opens the object columns at the cursor, which must hold <typeparamref name="T"/>.</summary>
    private ObjectGroup OpenGroup<T>()
    {
        ref var cursor = ref Cursor;
        ExpectTag(ref cursor, ValueTag.ObjectColumns, typeof(T));
        var group = _decoder.ReadObjectColumns(ref cursor);
        CheckedTypeName(ref cursor, group.TypeName, typeof(T));
        return group;
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
            string where = _cursors[_depth].Where;
            for (int i = 0; i < items.Length; i++)
            {
                int id = ids[i];
                if (id == FileLayout.NullId) { items[i] = null!; continue; }
                // The decoder has checked that rows are met first in order, so row nextRow is new here.
                if (group.RowOf(id) is var row && row == nextRow)
                {
                    nextRow++;
                    rows[row] = null;
                    if (_materialized[id] is { } early)
                    {
                        items[i] = Restored<T>(early, where);
                        continue;
                    }
                    var target = items[i] ?? T.CreateForRestore();
                    _materialized[id] = target;
                    rows[row] = target;
                    items[i] = target;
                    restored++;
                }
                else
                {
                    // Met before, or written before this collection (breadth-first) but first met here by this depth-first reader.
                    items[i] = ReadObject(id, items[i], static () => T.CreateForRestore(), where);
                }
            }
            PushTable(group.Columns, _manifest.Strings[group.TypeName]);
            ReadRowsInto<T>(rows.AsSpan(0, group.RowCount));
            Report.ComponentCount += restored;
        }
        finally
        {
            ArrayPool<T?>.Shared.Return(rows, clearArray: true);
        }
    }

    private void ReadRowsInto<T>(ReadOnlySpan<T?> rows) where T : class, ICheckpointableRows<T>
    {
        try
        {
            T.ReadColumns(this, rows);
        }
        catch
        {
            PopTable(checkUnread: false);
            throw;
        }
        PopTable();
    }
}
