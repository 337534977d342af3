namespace CheckpointGen.Format;

/// <summary>
/// The first byte of every value in the manifest: values are self-describing, so a reader can list,
/// check and skip them without the types that wrote them. Each kind's layout is in docs/format.md.
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
    /// <summary>A list or array of checkpointable structs, one column per member (format 1.1).</summary>
    RecordColumns = 38,

    /// <summary>A reference to a component (an object saved once even when referenced from several places).</summary>
    ObjectRef = 40,
    /// <summary>A reference to a tensor in the tensor table.</summary>
    TensorRef = 41,
    /// <summary>MemoryPack bytes of a [MemoryPackable] value: type name, varint length, bytes.</summary>
    Blob = 42,
    /// <summary>A large primitive array stored as a block of the data region: element tag, varint count, varint block index (format 1.2).</summary>
    BlockArray = 43,
    /// <summary>A list or array of checkpointable objects, one column per member of the objects first met there, each keeping its component id (format 1.3).</summary>
    ObjectColumns = 44,
    /// <summary>A dictionary as two columns: varint count, its keys as one value holding count values, then its values as one (format 1.4).</summary>
    MapColumns = 45,
}
