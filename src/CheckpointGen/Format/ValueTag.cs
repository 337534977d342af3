namespace CheckpointGen.Format;

/// <summary>
/// The first byte of every value in the manifest. Values are self-describing so that a reader
/// can list, check and skip them without the types that wrote them.
/// </summary>
public enum ValueTag : byte
{
    /// <summary>A null reference or an empty <see cref="Nullable{T}"/>.</summary>
    Null = 0,
    /// <summary>Boolean false (no payload).</summary>
    False = 1,
    /// <summary>Boolean true (no payload).</summary>
    True = 2,
    /// <summary>8-bit signed integer.</summary>
    SByte = 3,
    /// <summary>8-bit unsigned integer.</summary>
    Byte = 4,
    /// <summary>16-bit signed integer, little-endian.</summary>
    Int16 = 5,
    /// <summary>16-bit unsigned integer, little-endian.</summary>
    UInt16 = 6,
    /// <summary>32-bit signed integer, little-endian.</summary>
    Int32 = 7,
    /// <summary>32-bit unsigned integer, little-endian.</summary>
    UInt32 = 8,
    /// <summary>64-bit signed integer, little-endian.</summary>
    Int64 = 9,
    /// <summary>64-bit unsigned integer, little-endian.</summary>
    UInt64 = 10,
    /// <summary>IEEE half, little-endian.</summary>
    Half = 11,
    /// <summary>IEEE single, little-endian.</summary>
    Single = 12,
    /// <summary>IEEE double, little-endian.</summary>
    Double = 13,
    /// <summary>System.Decimal as its four 32-bit parts.</summary>
    Decimal = 14,
    /// <summary>UTF-16 code unit.</summary>
    Char = 15,
    /// <summary>UTF-8 string: varint byte length, bytes.</summary>
    String = 16,
    /// <summary>DateTime: ticks (Int64) and kind (byte).</summary>
    DateTime = 17,
    /// <summary>TimeSpan: ticks (Int64).</summary>
    TimeSpan = 18,
    /// <summary>Guid: 16 bytes.</summary>
    Guid = 19,
    /// <summary>DateTimeOffset: ticks (Int64), offset minutes (Int16).</summary>
    DateTimeOffset = 20,

    /// <summary>An array of one primitive kind: element tag, varint count, raw little-endian bytes.</summary>
    PrimitiveArray = 32,
    /// <summary>A sequence of values: varint count, then each value.</summary>
    Sequence = 33,
    /// <summary>A map: varint count, then key and value of each entry.</summary>
    Map = 34,
    /// <summary>A fixed-arity tuple: varint arity, then each item.</summary>
    Tuple = 35,
    /// <summary>A multi-dimensional array: varint rank, varint lengths, then one Sequence or PrimitiveArray in row-major order.</summary>
    MultiArray = 36,
    /// <summary>An inline record (a checkpointable struct, or a runtime-encoded value): type name, byte length, member list.</summary>
    Record = 37,
    /// <summary>
    /// A collection of checkpointable structs stored column by column: type name, varint element
    /// count, byte length, then a member list (as in <see cref="Record"/>) whose every value is one
    /// column of exactly that many values (a <see cref="PrimitiveArray"/> for primitive members, a
    /// <see cref="Sequence"/> otherwise).
    /// </summary>
    RecordColumns = 38,

    /// <summary>A reference to a component (an object saved once even when referenced from several places).</summary>
    ObjectRef = 40,
    /// <summary>A reference to a tensor in the tensor table.</summary>
    TensorRef = 41,
    /// <summary>MemoryPack bytes of a [MemoryPackable] value: type name, varint length, bytes.</summary>
    Blob = 42,
    /// <summary>A large primitive array stored outside the manifest: element tag, varint count, varint index of its block in the block table (format 1.2).</summary>
    BlockArray = 43,
    /// <summary>
    /// A list or array of a sealed checkpointable class stored column by column (format 1.3): type
    /// name, varint element count, byte length, then varint first component id, varint row count,
    /// the elements' component ids (a <see cref="PrimitiveArray"/> of Int32, -1 for null), and a member
    /// list whose every value is one column of row-count values. The rows are the objects first met
    /// in this collection, in order, with the component ids first id, first id + 1, …; the manifest's
    /// row-group table names the group's place so that an object referenced from elsewhere can be
    /// restored before its collection is read.
    /// </summary>
    ObjectColumns = 44,
}
