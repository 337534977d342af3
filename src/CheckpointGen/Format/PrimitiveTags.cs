using System.Runtime.CompilerServices;

namespace CheckpointGen.Format;

/// <summary>Maps the unmanaged element types of primitive arrays to their tags and sizes.</summary>
internal static class PrimitiveTags
{
    /// <summary>The tag of <typeparamref name="T"/>; the JIT folds this to a constant per instantiation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ValueTag Of<T>() where T : unmanaged
    {
        if (typeof(T) == typeof(bool)) return ValueTag.True;
        if (typeof(T) == typeof(sbyte)) return ValueTag.SByte;
        if (typeof(T) == typeof(byte)) return ValueTag.Byte;
        if (typeof(T) == typeof(short)) return ValueTag.Int16;
        if (typeof(T) == typeof(ushort)) return ValueTag.UInt16;
        if (typeof(T) == typeof(int)) return ValueTag.Int32;
        if (typeof(T) == typeof(uint)) return ValueTag.UInt32;
        if (typeof(T) == typeof(long)) return ValueTag.Int64;
        if (typeof(T) == typeof(ulong)) return ValueTag.UInt64;
        if (typeof(T) == typeof(Half)) return ValueTag.Half;
        if (typeof(T) == typeof(float)) return ValueTag.Single;
        if (typeof(T) == typeof(double)) return ValueTag.Double;
        if (typeof(T) == typeof(decimal)) return ValueTag.Decimal;
        if (typeof(T) == typeof(char)) return ValueTag.Char;
        throw new NotSupportedException($"{typeof(T)} is not a primitive array element type; write it as a sequence, or cast enums to their underlying type.");
    }

    /// <summary>The size of one element of a primitive array with this element tag, or 0 when the tag is not a primitive kind.</summary>
    public static int SizeOf(ValueTag tag) => tag switch
    {
        ValueTag.True or ValueTag.SByte or ValueTag.Byte => 1,
        ValueTag.Int16 or ValueTag.UInt16 or ValueTag.Half or ValueTag.Char => 2,
        ValueTag.Int32 or ValueTag.UInt32 or ValueTag.Single => 4,
        ValueTag.Int64 or ValueTag.UInt64 or ValueTag.Double => 8,
        ValueTag.Decimal => 16,
        _ => 0,
    };
}
