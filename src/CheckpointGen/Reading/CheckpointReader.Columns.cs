using System.Runtime.InteropServices;
using CheckpointGen.Format;

namespace CheckpointGen.Reading;

public sealed partial class CheckpointReader
{
    /// <summary>
    /// Reads a list of checkpointable structs saved as record columns, or as a sequence of records (the
    /// layout without columns). <paramref name="existing"/> is refilled in place
    /// (null: a new list); element i is restored from the list's current element i, so members the
    /// file lacks keep their values (new elements: default) and are reported once per collection.
    /// </summary>
    public List<T>? ReadRecordList<T>(List<T>? existing) where T : struct, ICheckpointableRecord<T>
    {
        switch (PeekTag())
        {
            case ValueTag.Null:
                Cursor.ReadByte();
                return null;
            case ValueTag.Sequence:
                return ReadRecordSequence(existing);
        }
        int count = BeginRecordColumns(typeof(T));
        var list = existing ?? new List<T>(count);
        int previous = list.Count;
        // SetCount exposes stale slots past the old count for unmanaged structs: clear them.
        CollectionsMarshal.SetCount(list, count);
        var items = CollectionsMarshal.AsSpan(list);
        if (count > previous) items[previous..].Clear();
        ReadColumnsInto(items);
        return list;
    }

    /// <summary>
    /// Reads an array of checkpointable structs saved as record columns or as a sequence of records;
    /// <paramref name="existing"/> is reused when its length matches.
    /// </summary>
    public T[]? ReadRecordArray<T>(T[]? existing) where T : struct, ICheckpointableRecord<T>
    {
        switch (PeekTag())
        {
            case ValueTag.Null:
                Cursor.ReadByte();
                return null;
            case ValueTag.Sequence:
            {
                int stored = BeginSequence();
                var records = existing is not null && existing.Length == stored ? existing : new T[stored];
                for (int i = 0; i < stored; i++) records[i] = ReadRecord(records[i]);
                return records;
            }
        }
        int count = BeginRecordColumns(typeof(T));
        var array = existing is not null && existing.Length == count ? existing : new T[count];
        ReadColumnsInto(array.AsSpan());
        return array;
    }

    /// <summary>
    /// Reads a column of checkpointable structs (record columns, or a sequence of records) holding exactly
    /// <c>items.Length</c> values into <paramref name="items"/>, each restored from its current value (a
    /// dictionary's values, see <see cref="ReadMapColumns{TKey, TValue}"/>).
    /// </summary>
    public void ReadRecordColumns<T>(Span<T> items) where T : struct, ICheckpointableRecord<T>
    {
        if (PeekTag() == ValueTag.Sequence)
        {
            ExpectColumnLength(BeginSequence(), items.Length);
            for (int i = 0; i < items.Length; i++) items[i] = ReadRecord(items[i]);
            return;
        }
        ExpectColumnLength(BeginRecordColumns(typeof(T)), items.Length);
        ReadColumnsInto(items);
    }

    /// <summary>Reads a column of primitive values (inside <see cref="ICheckpointableRecord{TSelf}.ReadColumns"/>) as a span over the checkpoint's bytes; it must hold one value per element.</summary>
    public ReadOnlySpan<T> ReadPrimitiveColumn<T>(int count) where T : unmanaged
    {
        var column = ReadPrimitiveSpan<T>();
        if (column.Length != count) throw Cursor.Fail($"a column holds {column.Length} values, but the collection has {count} elements");
        return column;
    }

    /// <summary>Starts a column of values of any kind (inside <see cref="ICheckpointableRecord{TSelf}.ReadColumns"/>): a sequence that must hold one value per element; read them next.</summary>
    public void BeginColumn(int count)
    {
        int stored = BeginSequence();
        if (stored != count) throw Cursor.Fail($"a column holds {stored} values, but the collection has {count} elements");
    }

    /// <summary>A sequence of records (the layout without columns): element i is read into the list's element i.</summary>
    private List<T> ReadRecordSequence<T>(List<T>? existing) where T : struct, ICheckpointableRecord<T>
    {
        int count = BeginSequence();
        var list = existing ?? new List<T>(count);
        for (int i = 0; i < count; i++)
        {
            if (i < list.Count) list[i] = ReadRecord(list[i]);
            else list.Add(ReadRecord(default(T)));
        }
        if (list.Count > count) list.RemoveRange(count, list.Count - count);
        return list;
    }

    /// <summary>Opens record columns of the expected type and returns the element count (checked against the columns' bytes by <see cref="ValueDecoder.ReadRecordColumns"/>).</summary>
    private int BeginRecordColumns(Type recordType)
    {
        ref var cursor = ref Cursor;
        ExpectTag(ref cursor, ValueTag.RecordColumns, recordType);
        var columns = _decoder.ReadRecordColumns(ref cursor);
        PushTable(columns.Columns, CheckedTypeName(ref cursor, columns.TypeName, recordType));
        return columns.Count;
    }

    private void ReadColumnsInto<T>(Span<T> items) where T : struct, ICheckpointableRecord<T>
    {
        try
        {
            T.ReadColumns(this, items);
        }
        catch
        {
            PopTable(checkUnread: false);
            throw;
        }
        PopTable();
    }
}
