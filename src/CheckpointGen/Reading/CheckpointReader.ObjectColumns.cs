using System.Buffers;
using System.Runtime.InteropServices;
using CheckpointGen.Format;

namespace CheckpointGen.Reading;

public sealed partial class CheckpointReader
{
    /// <summary>
    /// Reads a list of a checkpointable class saved as object columns or (from older files, or a writer
    /// without columns) as a sequence of object references. <paramref name="existing"/> is refilled in
    /// place (null: a new list); element i's object, when it is first restored here, is restored into the
    /// list's current element i (a new instance when that is null).
    /// </summary>
    public List<T>? ReadObjectList<T>(List<T>? existing) where T : class, ICheckpointableRows<T> =>
        ReadList(existing, RowsCodec<T>.Instance, static () => T.CreateForRestore());

    /// <summary>Like <see cref="ReadObjectList{T}"/> for an array; <paramref name="existing"/> is reused when its length matches.</summary>
    public T[]? ReadObjectArray<T>(T[]? existing) where T : class, ICheckpointableRows<T> =>
        ReadArray(existing, RowsCodec<T>.Instance, static () => T.CreateForRestore());

    /// <summary>
    /// Reads a list of objects declared with an interface or a base class, saved as object columns or as a
    /// sequence of object references. Objects are restored into the list's existing elements; an object of
    /// a class the code cannot create there must already be in the list.
    /// </summary>
    public List<T>? ReadPolymorphicList<T>(List<T>? existing) where T : class => ReadList(existing, null, null);

    /// <summary>Like <see cref="ReadPolymorphicList{T}"/> for an array; <paramref name="existing"/> is reused when its length matches.</summary>
    public T[]? ReadPolymorphicArray<T>(T[]? existing) where T : class => ReadArray(existing, null, null);

    /// <summary>
    /// Reads a column of objects (object columns, or a sequence of object references) holding exactly
    /// <c>items.Length</c> values into <paramref name="items"/>, each object restored into the current element
    /// (a dictionary's values, see <see cref="ReadMapColumns{TKey, TValue}"/>).
    /// </summary>
    public void ReadObjectColumns<T>(Span<T> items) where T : class, ICheckpointableRows<T> =>
        ReadColumn(items, RowsCodec<T>.Instance, static () => T.CreateForRestore());

    /// <summary>Like <see cref="ReadObjectColumns{T}"/> for objects declared with an interface or a base class.</summary>
    public void ReadPolymorphicColumns<T>(Span<T> items) where T : class => ReadColumn(items, null, null);

    private void ReadColumn<T>(Span<T> items, RowsCodec? codec, Func<T>? create) where T : class
    {
        ExpectColumnLength(OpenObjects(out var group), items.Length);
        ReadObjects(group, items, codec, create);
    }

    private List<T>? ReadList<T>(List<T>? existing, RowsCodec? codec, Func<T>? create) where T : class
    {
        if (TryReadNull()) return null;
        int count = OpenObjects(out var group);
        var list = existing ?? new List<T>(count);
        if (list.Count > count) list.RemoveRange(count, list.Count - count);
        // Growing a list of references exposes cleared slots: the new elements start as null.
        CollectionsMarshal.SetCount(list, count);
        ReadObjects(group, CollectionsMarshal.AsSpan(list), codec, create);
        return list;
    }

    private T[]? ReadArray<T>(T[]? existing, RowsCodec? codec, Func<T>? create) where T : class
    {
        if (TryReadNull()) return null;
        int count = OpenObjects(out var group);
        var array = existing is not null && existing.Length == count ? existing : new T[count];
        if (array != existing) existing?.AsSpan(0, Math.Min(count, existing.Length)).CopyTo(array);
        ReadObjects(group, array.AsSpan(), codec, create);
        return array;
    }

    /// <summary>Opens object columns, or a sequence of object references (the layout without columns; <paramref name="group"/> is then empty); returns the element count.</summary>
    private int OpenObjects(out ObjectGroup group)
    {
        group = default;
        if (PeekTag() != ValueTag.ObjectColumns) return BeginSequence();
        ref var cursor = ref Cursor;
        cursor.ReadByte();
        group = _decoder.ReadObjectColumns(ref cursor);
        return group.Count;
    }

    /// <summary>Restores the objects of a sequence (<paramref name="group"/> empty) or of object columns into <paramref name="items"/>, the collection's existing elements on entry.</summary>
    private void ReadObjects<T>(in ObjectGroup group, Span<T> items, RowsCodec? codec, Func<T>? create) where T : class
    {
        if (!group.Ids.IsEmpty)
        {
            ReadGroup(group, items, codec, create);
            return;
        }
        for (int i = 0; i < items.Length; i++) items[i] = ReadObject(items[i], create)!;
    }

    /// <summary>
    /// Restores a column group into <paramref name="items"/>. First every element is resolved: a row met
    /// for the first time gets its instance (the existing element, which must be of the rows' class, or a
    /// new one made through the columns of that class: the declared element type's, or an element's),
    /// an object restored already is reused, an object of another component is restored now. Then the
    /// rows not restored before are read from the columns through those columns, or, when the code has
    /// none for the class, one at a time through their own <see cref="ICheckpointable.ReadCheckpoint"/>.
    /// </summary>
    private void ReadGroup<T>(in ObjectGroup group, Span<T> items, RowsCodec? codec, Func<T>? create) where T : class
    {
        var ids = MemoryMarshal.Cast<byte, int>(group.Ids.Span);
        string where = _cursors[_depth].Where;
        if (codec is not null && !IsRowClass(codec.Type, group)) codec = null;
        codec ??= CodecAmong(items, group);
        object?[] rows = ArrayPool<object?>.Shared.Rent(group.RowCount);
        int restored = 0;
        try
        {
            int nextRow = 0;
            for (int i = 0; i < items.Length; i++)
            {
                int id = ids[i];
                if (id == FileLayout.NullId) { items[i] = null!; continue; }
                // The decoder has checked that rows are met first in order, so row nextRow is new here.
                int row = group.RowOf(id);
                if (row != nextRow)
                {
                    // Met before, or written before this collection (breadth-first) but first met here by this depth-first reader.
                    items[i] = ReadObject(id, items[i], create, where);
                    continue;
                }
                nextRow++;
                rows[row] = null;
                if (_materialized[id] is { } early)
                {
                    items[i] = Restored<T>(early, where);
                    continue;
                }
                object target = items[i] ?? codec?.Create() ?? create?.Invoke() ?? throw new CheckpointMismatchException(
                        $"Checkpoint {where}: element {i} is a {_manifest.Strings[group.TypeName]}, but the collection holds none there and {TypeNames.Of(typeof(T))} cannot be created here; fill the collection before restoring.");
                if (!IsRowClass(target.GetType(), group))
                    throw new CheckpointMismatchException($"Checkpoint {where}: element {i} was saved from a {_manifest.Strings[group.TypeName]}, but the object restored into it is a {TypeNames.Of(target.GetType())}.");
                _materialized[id] = target;
                rows[row] = target;
                items[i] = (T)target;
                restored++;
            }
            if (codec is null)
            {
                ReadRowsOneByOne(group, rows.AsSpan(0, group.RowCount));
                return;
            }
            PushTable(group.Columns, _manifest.Strings[group.TypeName]);
            try
            {
                codec.ReadColumns(this, rows.AsSpan(0, group.RowCount));
            }
            catch
            {
                PopTable(checkUnread: false);
                throw;
            }
            PopTable();
            Report.ComponentCount += restored;
        }
        finally
        {
            ArrayPool<object?>.Shared.Return(rows, clearArray: true);
        }
    }

    /// <summary>Rows whose class has no codec here (a collection of an interface whose class the code does not name): each restored alone from its row.</summary>
    private void ReadRowsOneByOne(in ObjectGroup group, ReadOnlySpan<object?> rows)
    {
        for (int row = 0; row < rows.Length; row++)
            if (rows[row] is { } target) ReadComponentInto(group.FirstId + row, target);
    }

    /// <summary>The columns of the rows' class, from an element of the collection of that class (a collection declared with an interface or a base class).</summary>
    private RowsCodec? CodecAmong<T>(Span<T> items, in ObjectGroup group) where T : class
    {
        foreach (var item in items)
            if (item is ICheckpointableRows { Rows: var codec } && codec.Type == item.GetType() && IsRowClass(codec.Type, group)) return codec;
        return null;
    }

    /// <summary>True when <paramref name="type"/> is the class the group's rows were saved from (the names compared once per type).</summary>
    private bool IsRowClass(Type type, in ObjectGroup group)
    {
        if (_checkedTypes[group.TypeName] == type) return true;
        if (!TypeNames.Matches(_manifest.Strings[group.TypeName], type)) return false;
        _checkedTypes[group.TypeName] = type;
        return true;
    }
}
