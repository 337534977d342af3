namespace CheckpointGen.Format;

/// <summary>A primitive array's header: element kind and size, and the count of elements whose raw bytes follow.</summary>
internal readonly record struct PrimitiveArrayHeader(ValueTag Element, int Count, int ElementSize)
{
    public int ByteLength => Count * ElementSize;
}

/// <summary>A block array's reference, checked against the block table: element kind, count and the block holding count × element size bytes.</summary>
internal readonly record struct BlockArrayRef(ValueTag Element, int Count, int Index, BlockEntry Block);

/// <summary>A record: its type name (a string index) and its member list.</summary>
internal readonly record struct RecordBody(int TypeName, ReadOnlyMemory<byte> Members);

/// <summary>Record columns: the struct's type name, the element count and the member list of columns, each holding that many values.</summary>
internal readonly record struct RecordColumnsBody(int TypeName, int Count, ReadOnlyMemory<byte> Columns);

/// <summary>
/// Object columns, checked against the directory: the class's type name, the element count, the rows
/// (components <see cref="FirstId"/> … + <see cref="RowCount"/> − 1), each element's component id
/// (Int32, <see cref="FileLayout.NullId"/> for null) and the member list of columns, each holding one value per row.
/// </summary>
internal readonly record struct ObjectGroup(int TypeName, int Count, int FirstId, int RowCount, ReadOnlyMemory<byte> Ids, ReadOnlyMemory<byte> Columns)
{
    /// <summary>The row of component <paramref name="id"/> in this group, or -1 when the id is not one of its rows.</summary>
    public int RowOf(int id) => (uint)(id - FirstId) < (uint)RowCount ? id - FirstId : -1;
}

/// <summary>MemoryPack bytes: the type name they were written from and the bytes.</summary>
internal readonly record struct BlobBody(int TypeName, ReadOnlyMemory<byte> Bytes);

/// <summary>
/// What follows a value's tag, in the terms a reader that does not restore it needs (the walker, the
/// inspector): how many values follow inside it, the member list nested in it, the references it holds.
/// </summary>
/// <param name="Values">Values that follow inside this one (a sequence's items, a map's keys and values, a multi-dimensional array's elements).</param>
/// <param name="Members">A member list nested in this value (a record's members, a column group's columns), or null.</param>
/// <param name="Component">The component an ObjectRef refers to, else -1.</param>
/// <param name="Tensor">The tensor a TensorRef refers to, else -1.</param>
/// <param name="ElementIds">The element ids of object columns (Int32, <see cref="FileLayout.NullId"/> for null), else empty.</param>
/// <param name="Block">The block a BlockArray keeps its elements in, else -1.</param>
internal readonly record struct ValuePayload(long Values, ReadOnlyMemory<byte>? Members, int Component, int Tensor, ReadOnlyMemory<byte> ElementIds, int Block)
{
    public static readonly ValuePayload Leaf = new(0, null, -1, -1, default, -1);
}
