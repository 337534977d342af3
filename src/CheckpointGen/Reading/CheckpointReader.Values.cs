using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CheckpointGen.Format;
using MemoryPack;

namespace CheckpointGen.Reading;

public sealed partial class CheckpointReader
{
    /// <summary>The kind of the next value.</summary>
    public ValueTag PeekTag()
    {
        if (InIds) return PeekId() == FileLayout.NullId ? ValueTag.Null : ValueTag.ObjectRef;
        return (ValueTag)Cursor.PeekByte();
    }

    /// <summary>True, consuming it, when the next value is null.</summary>
    public bool TryReadNull()
    {
        if (InIds)
        {
            if (PeekId() != FileLayout.NullId) return false;
            _idsNext++;
            return true;
        }
        ref var cursor = ref Cursor;
        if (cursor.PeekByte() != (byte)ValueTag.Null) return false;
        cursor.ReadByte();
        return true;
    }

    /// <summary>Reads a Boolean.</summary>
    public bool ReadBoolean()
    {
        var tag = (ValueTag)Cursor.ReadByte();
        return tag switch
        {
            ValueTag.True => true,
            ValueTag.False => false,
            _ => throw KindMismatch(tag, "Boolean"),
        };
    }

    /// <summary>Reads an 8-bit signed integer.</summary>
    public sbyte ReadSByte() => ReadScalar<sbyte>(ValueTag.SByte);

    /// <summary>Reads an 8-bit unsigned integer.</summary>
    public byte ReadByte() => ReadScalar<byte>(ValueTag.Byte);

    /// <summary>Reads a 16-bit signed integer.</summary>
    public short ReadInt16() => ReadScalar<short>(ValueTag.Int16);

    /// <summary>Reads a 16-bit unsigned integer.</summary>
    public ushort ReadUInt16() => ReadScalar<ushort>(ValueTag.UInt16);

    /// <summary>Reads a 32-bit signed integer.</summary>
    public int ReadInt32() => ReadScalar<int>(ValueTag.Int32);

    /// <summary>Reads a 32-bit unsigned integer.</summary>
    public uint ReadUInt32() => ReadScalar<uint>(ValueTag.UInt32);

    /// <summary>Reads a 64-bit signed integer.</summary>
    public long ReadInt64() => ReadScalar<long>(ValueTag.Int64);

    /// <summary>Reads a 64-bit unsigned integer.</summary>
    public ulong ReadUInt64() => ReadScalar<ulong>(ValueTag.UInt64);

    /// <summary>Reads a half-precision float.</summary>
    public Half ReadHalf() => ReadScalar<Half>(ValueTag.Half);

    /// <summary>Reads a single-precision float.</summary>
    public float ReadSingle() => ReadScalar<float>(ValueTag.Single);

    /// <summary>Reads a double-precision float.</summary>
    public double ReadDouble() => ReadScalar<double>(ValueTag.Double);

    /// <summary>Reads a decimal (its flags are checked: the runtime does not).</summary>
    public decimal ReadDecimal()
    {
        ref var cursor = ref Cursor;
        ExpectTag(ref cursor, ValueTag.Decimal);
        return ValueDecoder.ReadDecimal(ref cursor);
    }

    /// <summary>Reads a UTF-16 code unit.</summary>
    public char ReadChar() => ReadScalar<char>(ValueTag.Char);

    /// <summary>Reads a string; null when null was saved.</summary>
    public string? ReadString()
    {
        ref var cursor = ref Cursor;
        var tag = (ValueTag)cursor.ReadByte();
        if (tag == ValueTag.Null) return null;
        if (tag != ValueTag.String) throw KindMismatch(tag, "String");
        return cursor.ReadString();
    }

    /// <summary>Reads a DateTime.</summary>
    public DateTime ReadDateTime()
    {
        ref var cursor = ref Cursor;
        ExpectTag(ref cursor, ValueTag.DateTime);
        return ValueDecoder.ReadDateTime(ref cursor);
    }

    /// <summary>Reads a DateTimeOffset.</summary>
    public DateTimeOffset ReadDateTimeOffset()
    {
        ref var cursor = ref Cursor;
        ExpectTag(ref cursor, ValueTag.DateTimeOffset);
        return ValueDecoder.ReadDateTimeOffset(ref cursor);
    }

    /// <summary>Reads a TimeSpan.</summary>
    public TimeSpan ReadTimeSpan() => new(ReadScalar<long>(ValueTag.TimeSpan));

    /// <summary>Reads a Guid.</summary>
    public Guid ReadGuid()
    {
        ref var cursor = ref Cursor;
        ExpectTag(ref cursor, ValueTag.Guid);
        return ValueDecoder.ReadGuid(ref cursor);
    }

    /// <summary>Reads a primitive array as a span over the checkpoint's bytes (copy it out: the span lives as long as this reader). <see cref="ReadPrimitiveArray{T}(T[])"/> saves that copy for a large array.</summary>
    public ReadOnlySpan<T> ReadPrimitiveSpan<T>() where T : unmanaged
    {
        ref var cursor = ref Cursor;
        var tag = (ValueTag)cursor.ReadByte();
        if (tag == ValueTag.BlockArray) return ReadBlockSpan<T>(ref cursor);
        if (tag != ValueTag.PrimitiveArray) throw KindMismatch(tag, $"{typeof(T).Name}[]");
        var header = ValueDecoder.ReadPrimitiveArrayHeader(ref cursor);
        if (header.Element != PrimitiveTags.Of<T>()) throw KindMismatch(header.Element, typeof(T).Name, "array of ");
        var bytes = cursor.Take(header.ByteLength);
        if (typeof(T) == typeof(bool)) ValueDecoder.CheckBooleans(ref cursor, bytes);
        return MemoryMarshal.Cast<byte, T>(bytes);
    }

    /// <summary>Reads a primitive array into a new array.</summary>
    public T[] ReadPrimitiveArray<T>() where T : unmanaged => ReadPrimitiveSpan<T>().ToArray();

    /// <summary>Reads a [MemoryPackable] value (null when null was saved).</summary>
    public T? ReadMemoryPack<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] T>() where T : IMemoryPackable<T>
    {
        ref var cursor = ref Cursor;
        var tag = (ValueTag)cursor.ReadByte();
        if (tag == ValueTag.Null) return default;
        string expected = TypeNames.Of(typeof(T));
        if (tag != ValueTag.Blob) throw KindMismatch(tag, expected);
        var blob = _decoder.ReadBlob(ref cursor);
        string saved = _manifest.Strings[blob.TypeName];
        if (!TypeNames.Matches(saved, typeof(T))) throw cursor.Mismatch($"holds MemoryPack data of {saved}, the code expects {expected}");
        try
        {
            return MemoryPackSerializer.Deserialize<T>(blob.Bytes.Span);
        }
        catch (MemoryPackSerializationException e)
        {
            throw cursor.Fail($"MemoryPack could not read {expected}: {e.Message}", e);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private T ReadScalar<T>(ValueTag expected) where T : unmanaged
    {
        ref var cursor = ref Cursor;
        var tag = (ValueTag)cursor.ReadByte();
        if (tag != expected) throw KindMismatch(tag, expected.ToString());
        return cursor.Read<T>();
    }
}
