using CheckpointGen.Format;
using CheckpointGen.Writing;

namespace CheckpointGen.Reading;

/// <summary>
/// The columns of one object-columns group, indexed by row, so that a single row can be given back
/// the member list it would have had as a component: a row reached through another reference before
/// its collection, or a collection read by code that restores one object at a time (the class is no
/// longer sealed, the member became a <c>List&lt;T?&gt;</c> or a queue). Parsing walks each column once;
/// a row's member list then costs its own bytes only.
/// </summary>
internal sealed class RowColumns
{
    private readonly Column[] _columns;

    private RowColumns(Column[] columns) => _columns = columns;

    /// <summary>
    /// Parses the column group the row-group table entry <paramref name="group"/> points at: its header
    /// must hold the entry's first id and row count, its element ids must be in range, and
    /// <paramref name="typeName"/> is the type the group names.
    /// </summary>
    public static RowColumns ForGroup(Manifest manifest, RowGroup group, ValueWalker walker, out string typeName)
    {
        var source = new ByteSource(manifest.Area[group.Offset..], "row group");
        if ((ValueTag)source.ReadByte() != ValueTag.ObjectColumns) throw source.Fail($"the row group at offset {group.Offset} does not hold object columns");
        typeName = walker.StringAt(ref source);
        source.ReadCount(0, "element count");
        uint length = source.Read<uint>();
        if (length > (uint)source.Remaining) throw source.Fail($"object columns length {length} exceeds the {source.Remaining} bytes left");
        var columns = new ByteSource(source.TakeMemory((int)length), "object columns", typeName);
        var header = columns;
        ulong firstId = header.ReadVarUInt(), rowCount = header.ReadVarUInt();
        if (firstId != (ulong)group.FirstId || rowCount != (ulong)group.RowCount)
            throw columns.Fail($"the manifest places rows {group.FirstId}+{group.RowCount} here, but the group holds rows {firstId}+{rowCount}");
        walker.SkipGroupHeader(ref columns, null);
        return Parse(columns.Memory[columns.Position..], group.RowCount, typeName, manifest, walker);
    }

    /// <summary>Parses the member list of a group's columns; every column must hold <paramref name="rowCount"/> values.</summary>
    public static RowColumns Parse(ReadOnlyMemory<byte> memberList, int rowCount, string owner, Manifest manifest, ValueWalker walker)
    {
        var table = MemberTable.Parse(memberList, owner, manifest.Strings.Length);
        var columns = new Column[table.Count];
        int i = 0;
        foreach (var (key, value) in table.Entries())
        {
            var source = new ByteSource(value, "column", owner, manifest.Strings[key]);
            var tag = (ValueTag)source.ReadByte();
            if (tag == ValueTag.PrimitiveArray)
            {
                var element = (ValueTag)source.ReadByte();
                int size = PrimitiveTags.SizeOf(element);
                if (size == 0) throw source.Fail($"a column has element kind {element}");
                int count = source.ReadCount(size, "column length");
                if (count != rowCount) throw source.Fail($"a column holds {count} values, but the group has {rowCount} rows");
                columns[i++] = new Column(key, element, size, source.TakeMemory(count * size), null);
                continue;
            }
            if (tag != ValueTag.Sequence) throw source.Fail($"a column is a {tag}, not a primitive array or a sequence");
            int values = source.ReadCount(1, "column length");
            if (values != rowCount) throw source.Fail($"a column holds {values} values, but the group has {rowCount} rows");
            var offsets = new int[rowCount + 1];
            for (int row = 0; row < rowCount; row++)
            {
                offsets[row] = source.Position;
                walker.Skip(ref source);
            }
            offsets[rowCount] = source.Position;
            columns[i++] = new Column(key, ValueTag.Sequence, 0, value, offsets);
        }
        return new RowColumns(columns);
    }

    /// <summary>Row <paramref name="row"/> as a component's member list: (key, length, value) per column, a primitive column's entry as a scalar value.</summary>
    public byte[] MembersOf(int row)
    {
        using var sink = new ByteSink(256);
        foreach (var column in _columns)
        {
            sink.WriteVarUInt((uint)column.Key);
            if (column.Offsets is { } offsets)
            {
                var value = column.Bytes.Span[offsets[row]..offsets[row + 1]];
                sink.Write((uint)value.Length);
                sink.WriteBytes(value);
                continue;
            }
            var raw = column.Bytes.Span.Slice(row * column.Size, column.Size);
            if (column.Element == ValueTag.True)
            {
                // A Boolean scalar is its tag alone.
                if (raw[0] > 1) throw new CheckpointFormatException("Checkpoint object columns: a Boolean column holds a byte other than 0 or 1 (damaged data).");
                sink.Write(1u);
                sink.WriteByte((byte)(raw[0] == 1 ? ValueTag.True : ValueTag.False));
                continue;
            }
            sink.Write((uint)(1 + raw.Length));
            sink.WriteByte((byte)column.Element);
            sink.WriteBytes(raw);
        }
        return sink.WrittenSpan.ToArray();
    }

    /// <summary>A column: its key, element kind and size (primitive columns), its bytes, and (sequence columns) where each row's value starts.</summary>
    private readonly record struct Column(int Key, ValueTag Element, int Size, ReadOnlyMemory<byte> Bytes, int[]? Offsets);
}
