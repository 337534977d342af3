namespace CheckpointGen.Format;

/// <summary>
/// The columns of an object-columns group indexed by row, so that one row can be read as the member
/// list it stands for: each column's value for that row, a primitive column's cell read as a scalar
/// (<see cref="ByteSource.Value"/>). Built once per group; a row then costs nothing but its cells.
/// </summary>
internal sealed class GroupRows
{
    private readonly Column[] _columns;

    private GroupRows(string typeName, int rowCount, ReadOnlyMemory<byte> columns, Column[] parsed)
    {
        TypeName = typeName;
        RowCount = rowCount;
        Columns = columns;
        _columns = parsed;
    }

    public string TypeName { get; }

    public int RowCount { get; }

    /// <summary>The group's member list of columns; every cell lies in it.</summary>
    public ReadOnlyMemory<byte> Columns { get; }

    public int ColumnCount => _columns.Length;

    /// <summary>Indexes <paramref name="group"/>'s columns: each must be a primitive array or a sequence of one value per row, keys unique.</summary>
    public static GroupRows Index(ValueDecoder decoder, in ObjectGroup group, ValueWalker walker)
    {
        string owner = decoder.Strings[group.TypeName];
        var list = new ByteSource(group.Columns, "object columns", owner);
        var columns = new List<Column>();
        var keys = new HashSet<int>();
        while (MemberList.TryReadNext(ref list, decoder.Strings.Length, out int key, out int start, out int length))
        {
            if (!keys.Add(key)) throw list.Fail($"key string {key} appears twice");
            var value = new ByteSource(group.Columns.Slice(start, length), "column", owner, decoder.Strings[key]);
            columns.Add(IndexColumn(ref value, key, start, group.RowCount, walker));
        }
        return new GroupRows(owner, group.RowCount, group.Columns, [.. columns]);
    }

    private static Column IndexColumn(ref ByteSource value, int key, int start, int rowCount, ValueWalker walker)
    {
        var tag = (ValueTag)value.ReadByte();
        if (tag == ValueTag.PrimitiveArray)
        {
            var header = ValueDecoder.ReadPrimitiveArrayHeader(ref value);
            if (header.Count != rowCount) throw value.Fail($"a column holds {header.Count} values, but the group has {rowCount} rows");
            int data = value.Position;
            var bytes = value.Take(header.ByteLength);
            if (header.Element == ValueTag.True) ValueDecoder.CheckBooleans(ref value, bytes);
            return new Column(key, header.Element, header.ElementSize, start + data, null);
        }
        if (tag != ValueTag.Sequence) throw value.Fail($"a column is a {tag}, not a primitive array or a sequence");
        int count = ValueDecoder.ReadCount(ref value, ValueTag.Sequence);
        if (count != rowCount) throw value.Fail($"a column holds {count} values, but the group has {rowCount} rows");
        var offsets = new int[rowCount + 1];
        for (int row = 0; row < rowCount; row++)
        {
            offsets[row] = start + value.Position;
            walker.Skip(ref value);
        }
        offsets[rowCount] = start + value.Position;
        return new Column(key, ValueTag.Sequence, 0, 0, offsets);
    }

    /// <summary>Column <paramref name="column"/>'s key and its value for row <paramref name="row"/>, as a source labelled for <paramref name="where"/>.</summary>
    public ByteSource Cell(int column, int row, string where, string[] strings, out int key)
    {
        (key, int start, int length, int cellTag) = Locate(column, row);
        return ByteSource.Value(Columns.Slice(start, length), cellTag, where, TypeName, strings[key]);
    }

    /// <summary>Row <paramref name="row"/> of column <paramref name="column"/> as (key, start, length, cell tag) in <see cref="Columns"/>; cell tag -1 for a value with its own tag.</summary>
    public (int Key, int Start, int Length, int CellTag) Locate(int column, int row)
    {
        var c = _columns[column];
        if (c.Offsets is { } offsets) return (c.Key, offsets[row], offsets[row + 1] - offsets[row], -1);
        int at = c.Data + row * c.Size;
        // A Boolean's value is its tag, so its cell has no bytes.
        if (c.Element == ValueTag.True) return (c.Key, at, 0, (int)(Columns.Span[at] == 1 ? ValueTag.True : ValueTag.False));
        return (c.Key, at, c.Size, (int)c.Element);
    }

    /// <summary>A column: its key; for a primitive column its element kind, size and where its values start; for a sequence column where each row's value starts (one more for the end).</summary>
    private readonly record struct Column(int Key, ValueTag Element, int Size, int Data, int[]? Offsets);
}
