using System.Runtime.InteropServices;

namespace CheckpointGen.Format;

/// <summary>
/// One decoder per construct of the format (docs/format.md): each reads what follows a value's tag,
/// checks every count, length and reference against the bytes present and the file's directory, and
/// returns it. The restoring reader, the walker and the inspector decode through it alone, so a
/// construct is parsed and checked in one place.
/// </summary>
internal sealed partial class ValueDecoder(Manifest manifest, int tensorCount, BlockEntry[] blocks)
{
    public Manifest Manifest => manifest;

    public int TensorCount => tensorCount;

    public BlockEntry[] Blocks => blocks;

    public int ComponentCount => manifest.Components.Length;

    public string[] Strings => manifest.Strings;

    /// <summary>The bytes of a fixed-size scalar after its tag; -1 for tags that are not fixed-size scalars (Null, False and True have none).</summary>
    public static int FixedSize(ValueTag tag) => tag switch
    {
        ValueTag.Null or ValueTag.False or ValueTag.True => 0,
        ValueTag.DateTime => 9,
        ValueTag.DateTimeOffset => 10,
        ValueTag.TimeSpan => 8,
        ValueTag.Guid => 16,
        _ => PrimitiveTags.SizeOf(tag) is > 0 and var size ? size : -1,
    };

    /// <summary>
    /// Reads the payload of a value of any kind after its tag, through the decoder of its construct:
    /// the one place that knows every kind, so that stepping over and listing values need no list of
    /// their own. A tag no version of the format defines is damage.
    /// </summary>
    public ValuePayload ReadPayload(ref ByteSource s, ValueTag tag)
    {
        switch (tag)
        {
            case ValueTag.String: s.Take(s.ReadCount(1, "string length")); break;
            case ValueTag.PrimitiveArray: s.Take(ReadPrimitiveArrayHeader(ref s).ByteLength); break;
            case ValueTag.BlockArray: return ValuePayload.Leaf with { Block = ReadBlockArray(ref s).Index };
            case ValueTag.Sequence or ValueTag.Tuple: return ValuePayload.Leaf with { Values = ReadCount(ref s, tag) };
            case ValueTag.Map: return ValuePayload.Leaf with { Values = 2L * ReadCount(ref s, tag) };
            case ValueTag.MapColumns: ReadCount(ref s, tag); return ValuePayload.Leaf with { Values = 2 };
            case ValueTag.MultiArray: ReadMultiArrayLengths(ref s); return ValuePayload.Leaf with { Values = 1 };
            case ValueTag.Record: return ValuePayload.Leaf with { Members = ReadRecord(ref s).Members };
            case ValueTag.RecordColumns: return ValuePayload.Leaf with { Members = ReadRecordColumns(ref s).Columns };
            case ValueTag.ObjectColumns:
            {
                var group = ReadObjectColumns(ref s);
                return ValuePayload.Leaf with { Members = group.Columns, ElementIds = group.Ids };
            }
            case ValueTag.ObjectRef: return ValuePayload.Leaf with { Component = ReadObjectRef(ref s) };
            case ValueTag.TensorRef: return ValuePayload.Leaf with { Tensor = ReadTensorRef(ref s) };
            case ValueTag.Blob: ReadBlob(ref s); break;
            default:
                int size = FixedSize(tag);
                if (size < 0) throw s.Fail($"unknown value tag {(byte)tag}");
                s.Take(size);
                break;
        }
        return ValuePayload.Leaf;
    }

    /// <summary>The count after a Sequence, Map, MapColumns or Tuple tag, checked against the bytes left (every item takes at least one byte).</summary>
    public static int ReadCount(ref ByteSource s, ValueTag tag) => tag switch
    {
        ValueTag.Sequence => s.ReadCount(1, "sequence count"),
        ValueTag.Map => s.ReadCount(2, "map count"),
        ValueTag.MapColumns => s.ReadCount(1, "map count"),
        ValueTag.Tuple => s.ReadCount(1, "tuple arity"),
        _ => throw new ArgumentOutOfRangeException(nameof(tag), tag, "not a tag followed by a count"),
    };

    /// <summary>A string index (a key or a type name), checked against the string table.</summary>
    public int ReadStringIndex(ref ByteSource s)
    {
        ulong index = s.ReadVarUInt();
        return index < (ulong)manifest.Strings.Length ? (int)index : throw s.Fail($"names string {index}, but there are only {manifest.Strings.Length}");
    }

    public string ReadTypeName(ref ByteSource s) => manifest.Strings[ReadStringIndex(ref s)];

    /// <summary>An ObjectRef's component id, checked against the directory.</summary>
    public int ReadObjectRef(ref ByteSource s)
    {
        ulong id = s.ReadVarUInt();
        return id < (ulong)manifest.Components.Length ? (int)id : throw s.Fail($"refers to component {id}, but there are only {manifest.Components.Length}");
    }

    /// <summary>A TensorRef's index, checked against the tensor table.</summary>
    public int ReadTensorRef(ref ByteSource s)
    {
        ulong id = s.ReadVarUInt();
        return id < (ulong)tensorCount ? (int)id : throw s.Fail($"refers to tensor {id}, but the tensor table has {tensorCount}");
    }

    /// <summary>A primitive array's element kind and count; the count × element size raw bytes follow.</summary>
    public static PrimitiveArrayHeader ReadPrimitiveArrayHeader(ref ByteSource s)
    {
        var element = (ValueTag)s.ReadByte();
        int size = PrimitiveTags.SizeOf(element);
        if (size == 0) throw s.Fail($"a primitive array has element kind {(byte)element}");
        return new PrimitiveArrayHeader(element, s.ReadCount(size, "array length"), size);
    }

    /// <summary>A block array's element kind, count and block; count × element size must be the block's length.</summary>
    public BlockArrayRef ReadBlockArray(ref ByteSource s)
    {
        var element = (ValueTag)s.ReadByte();
        int size = PrimitiveTags.SizeOf(element);
        if (size == 0) throw s.Fail($"a block array has element kind {(byte)element}");
        int count = s.ReadCount(0, "array length");
        ulong index = s.ReadVarUInt();
        if (index >= (ulong)blocks.Length) throw s.Fail($"refers to block {index}, but the block table has {blocks.Length}");
        var block = blocks[index];
        if (block.Length != (long)count * size) throw s.Fail($"an array of {count} {element} needs {(long)count * size} bytes, but block {index} holds {block.Length}");
        return new BlockArrayRef(element, count, (int)index, block);
    }

    /// <summary>
    /// A multi-dimensional array's lengths; its elements follow as one value. The product is bounded by
    /// the bytes left (every element takes at least one bit), before anything is allocated for it.
    /// </summary>
    public static int[] ReadMultiArrayLengths(ref ByteSource s)
    {
        int rank = s.ReadCount(1, "array rank");
        var lengths = new int[rank];
        long total = 1;
        for (int i = 0; i < rank; i++)
        {
            lengths[i] = s.ReadCount(0, "array length");
            // Checked before multiplying: total stays below 2^35, so the product cannot wrap.
            if (lengths[i] != 0 && total > (s.Remaining * 8L + 8) / lengths[i])
                throw s.Fail($"array lengths [{string.Join(",", lengths[..(i + 1)])}] need more elements than the bytes left can hold");
            total *= lengths[i];
        }
        return lengths;
    }

    public RecordBody ReadRecord(ref ByteSource s)
    {
        int type = ReadStringIndex(ref s);
        return new RecordBody(type, s.TakeLengthPrefixed("record"));
    }

    /// <summary>Record columns; every column holds at least one byte per element, so a count larger than the columns' bytes is damage.</summary>
    public RecordColumnsBody ReadRecordColumns(ref ByteSource s)
    {
        int type = ReadStringIndex(ref s);
        int count = s.ReadCount(0, "record count");
        var columns = s.TakeLengthPrefixed("record columns");
        if ((uint)count > (uint)columns.Length) throw s.Fail($"{count} records cannot fit in {columns.Length} bytes of columns");
        return new RecordColumnsBody(type, count, columns);
    }

    /// <summary>
    /// Object columns: the header, checked against the row-group table; every element id null or a
    /// component; and the rows, each met first in order (row r's first element comes before row r + 1's).
    /// </summary>
    public ObjectGroup ReadObjectColumns(ref ByteSource s)
    {
        // The group starts at its tag, one byte back; the row-group table must point there.
        int groupOffset = s.OffsetIn(manifest.Area) - 1;
        int type = ReadStringIndex(ref s);
        int count = s.ReadCount(4, "element count");
        var body = new ByteSource(s.TakeLengthPrefixed("object columns"), "object columns", manifest.Strings[type]);
        ulong firstId = body.ReadVarUInt();
        ulong rowCount = body.ReadVarUInt();
        int components = manifest.Components.Length;
        if (rowCount > (ulong)count || (rowCount > 0 && (firstId == 0 || firstId > (ulong)components - rowCount)))
            throw body.Fail($"rows {firstId}+{rowCount} of {count} elements do not fit the {components} components");
        if ((ValueTag)body.ReadByte() != ValueTag.PrimitiveArray || (ValueTag)body.ReadByte() != ValueTag.Int32)
            throw body.Fail("the element ids are not an Int32 array");
        int stored = body.ReadCount(sizeof(int), "element id count");
        if (stored != count) throw body.Fail($"{stored} element ids for {count} elements");
        var ids = body.TakeMemory(count * sizeof(int));
        var group = new ObjectGroup(type, count, (int)firstId, (int)rowCount, ids, body.Memory[body.Position..]);
        if (rowCount > 0)
        {
            int index = manifest.GroupOf(group.FirstId);
            if (index < 0 || manifest.RowGroups[index] != new RowGroup(group.FirstId, group.RowCount, groupOffset))
                throw GroupFail(group, $"the manifest's row-group table does not list rows {firstId}+{rowCount} at offset {groupOffset}");
        }
        CheckElements(group);
        return group;
    }

    /// <summary>The object columns the row-group table's entry <paramref name="index"/> points at (a row reached before its collection is read from them).</summary>
    public ObjectGroup ReadRowGroup(int index)
    {
        int offset = manifest.RowGroups[index].Offset;
        var s = new ByteSource(manifest.Area[offset..], "row group");
        if ((ValueTag)s.ReadByte() != ValueTag.ObjectColumns) throw s.Fail($"the row group at offset {offset} does not hold object columns");
        return ReadObjectColumns(ref s);
    }

    private void CheckElements(in ObjectGroup group)
    {
        var ids = MemoryMarshal.Cast<byte, int>(group.Ids.Span);
        int components = manifest.Components.Length, nextRow = 0;
        for (int i = 0; i < ids.Length; i++)
        {
            int id = ids[i];
            if (id == FileLayout.NullId) continue;
            if ((uint)id >= (uint)components) throw GroupFail(group, $"element {i} refers to component {id}, but there are only {components}");
            int row = group.RowOf(id);
            if (row < nextRow) continue;
            if (row > nextRow) throw GroupFail(group, $"element {i} is row {row}, but the next new row is {nextRow} (rows are numbered in order of first appearance)");
            nextRow++;
        }
        if (nextRow != group.RowCount) throw GroupFail(group, $"it has {group.RowCount} rows, but its elements name only {nextRow}");
    }

    public CheckpointFormatException GroupFail(in ObjectGroup group, string what) =>
        new($"Checkpoint object columns of {manifest.Strings[group.TypeName]} ({group.Count} elements): {what} (damaged data).");

    public BlobBody ReadBlob(ref ByteSource s)
    {
        int type = ReadStringIndex(ref s);
        return new BlobBody(type, s.TakeMemory(s.ReadCount(1, "MemoryPack length")));
    }
}
