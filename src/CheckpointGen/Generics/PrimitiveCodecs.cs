using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CheckpointGen.Reading;
using CheckpointGen.Writing;

namespace CheckpointGen.Generics;

/// <summary>The codecs of scalars and enums: one writer/reader call per value, one block for a list or array of unmanaged ones.</summary>
internal static class PrimitiveCodecs
{
    /// <summary>The codec of a scalar type (bool, integers, floats, decimal, char, string, dates, Guid), or null.</summary>
    public static ValueCodec<T>? Of<T>()
    {
        object? codec =
            typeof(T) == typeof(bool) ? new PrimitiveCodec<bool>(static (w, v) => w.WriteBoolean(v), static r => r.ReadBoolean())
            : typeof(T) == typeof(sbyte) ? new PrimitiveCodec<sbyte>(static (w, v) => w.WriteSByte(v), static r => r.ReadSByte())
            : typeof(T) == typeof(byte) ? new PrimitiveCodec<byte>(static (w, v) => w.WriteByte(v), static r => r.ReadByte())
            : typeof(T) == typeof(short) ? new PrimitiveCodec<short>(static (w, v) => w.WriteInt16(v), static r => r.ReadInt16())
            : typeof(T) == typeof(ushort) ? new PrimitiveCodec<ushort>(static (w, v) => w.WriteUInt16(v), static r => r.ReadUInt16())
            : typeof(T) == typeof(int) ? new PrimitiveCodec<int>(static (w, v) => w.WriteInt32(v), static r => r.ReadInt32())
            : typeof(T) == typeof(uint) ? new PrimitiveCodec<uint>(static (w, v) => w.WriteUInt32(v), static r => r.ReadUInt32())
            : typeof(T) == typeof(long) ? new PrimitiveCodec<long>(static (w, v) => w.WriteInt64(v), static r => r.ReadInt64())
            : typeof(T) == typeof(ulong) ? new PrimitiveCodec<ulong>(static (w, v) => w.WriteUInt64(v), static r => r.ReadUInt64())
            : typeof(T) == typeof(Half) ? new PrimitiveCodec<Half>(static (w, v) => w.WriteHalf(v), static r => r.ReadHalf())
            : typeof(T) == typeof(float) ? new PrimitiveCodec<float>(static (w, v) => w.WriteSingle(v), static r => r.ReadSingle())
            : typeof(T) == typeof(double) ? new PrimitiveCodec<double>(static (w, v) => w.WriteDouble(v), static r => r.ReadDouble())
            : typeof(T) == typeof(decimal) ? new PrimitiveCodec<decimal>(static (w, v) => w.WriteDecimal(v), static r => r.ReadDecimal())
            : typeof(T) == typeof(char) ? new PrimitiveCodec<char>(static (w, v) => w.WriteChar(v), static r => r.ReadChar())
            : typeof(T) == typeof(string) ? new ScalarCodec<string?>(static (w, v) => w.WriteString(v), static r => r.ReadString())
            : typeof(T) == typeof(DateTime) ? new ScalarCodec<DateTime>(static (w, v) => w.WriteDateTime(v), static r => r.ReadDateTime())
            : typeof(T) == typeof(DateTimeOffset) ? new ScalarCodec<DateTimeOffset>(static (w, v) => w.WriteDateTimeOffset(v), static r => r.ReadDateTimeOffset())
            : typeof(T) == typeof(TimeSpan) ? new ScalarCodec<TimeSpan>(static (w, v) => w.WriteTimeSpan(v), static r => r.ReadTimeSpan())
            : typeof(T) == typeof(Guid) ? new ScalarCodec<Guid>(static (w, v) => w.WriteGuid(v), static r => r.ReadGuid())
            : null;
        return (ValueCodec<T>?)codec;
    }

    /// <summary>The codec of an enum: its underlying integer, as a member of the enum type would be written.</summary>
    public static ValueCodec<T> OfEnum<T>() => Type.GetTypeCode(typeof(T)) switch
    {
        TypeCode.SByte => new EnumCodec<T, sbyte>((PrimitiveCodec<sbyte>)Of<sbyte>()!),
        TypeCode.Byte => new EnumCodec<T, byte>((PrimitiveCodec<byte>)Of<byte>()!),
        TypeCode.Int16 => new EnumCodec<T, short>((PrimitiveCodec<short>)Of<short>()!),
        TypeCode.UInt16 => new EnumCodec<T, ushort>((PrimitiveCodec<ushort>)Of<ushort>()!),
        TypeCode.Int32 => new EnumCodec<T, int>((PrimitiveCodec<int>)Of<int>()!),
        TypeCode.UInt32 => new EnumCodec<T, uint>((PrimitiveCodec<uint>)Of<uint>()!),
        TypeCode.Int64 => new EnumCodec<T, long>((PrimitiveCodec<long>)Of<long>()!),
        TypeCode.UInt64 => new EnumCodec<T, ulong>((PrimitiveCodec<ulong>)Of<ulong>()!),
        var code => throw new NotSupportedException($"{typeof(T)} has the underlying type {code}, which no enum can have."),
    };

    /// <summary>A scalar written by one writer call and read by one reader call.</summary>
    internal class ScalarCodec<T>(Action<CheckpointWriter, T> write, Func<CheckpointReader, T> read) : ValueCodec<T>
    {
        public override void Write(CheckpointWriter writer, T value) => write(writer, value);

        public override T Read(CheckpointReader reader, T existing) => read(reader);
    }

    /// <summary>An unmanaged scalar: a list or array of it is one primitive array (a large array one block), as for a member of that type.</summary>
    internal sealed class PrimitiveCodec<T>(Action<CheckpointWriter, T> write, Func<CheckpointReader, T> read) : ScalarCodec<T>(write, read)
        where T : unmanaged
    {
        public override void WriteList(CheckpointWriter writer, List<T> list) => writer.WritePrimitiveArray<T>(CollectionsMarshal.AsSpan(list));

        public override List<T> ReadList(CheckpointReader reader, List<T>? existing) => Fill(reader.ReadPrimitiveSpan<T>(), existing);

        public override void WriteArray(CheckpointWriter writer, T[] array) => writer.WritePrimitiveArray(array);

        public override T[] ReadArray(CheckpointReader reader, T[]? existing) => reader.ReadPrimitiveArray(existing);

        /// <summary>The list, resized to the span's length, holding a copy of it.</summary>
        public static List<TItem> Fill<TItem>(ReadOnlySpan<T> values, List<TItem>? existing)
        {
            var list = existing ?? new List<TItem>(values.Length);
            CollectionsMarshal.SetCount(list, values.Length);
            values.CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.As<TItem, T>(ref MemoryMarshal.GetReference(CollectionsMarshal.AsSpan(list))), values.Length));
            return list;
        }
    }

    /// <summary>
    /// An enum <typeparamref name="T"/> seen as its underlying <typeparamref name="TUnderlying"/>: same size, same bits,
    /// so values and spans are reinterpreted in place; an array is handed over as an array of the
    /// underlying type (a cast the CLR allows) and a new one read back is copied into a real enum array.
    /// </summary>
    private sealed class EnumCodec<T, TUnderlying>(PrimitiveCodec<TUnderlying> underlying) : ValueCodec<T> where TUnderlying : unmanaged
    {
        public override void Write(CheckpointWriter writer, T value) => underlying.Write(writer, Unsafe.As<T, TUnderlying>(ref value));

        public override T Read(CheckpointReader reader, T existing)
        {
            var value = underlying.Read(reader, Unsafe.As<T, TUnderlying>(ref existing));
            return Unsafe.As<TUnderlying, T>(ref value);
        }

        public override void WriteList(CheckpointWriter writer, List<T> list)
        {
            var span = CollectionsMarshal.AsSpan(list);
            writer.WritePrimitiveArray<TUnderlying>(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, TUnderlying>(ref MemoryMarshal.GetReference(span)), span.Length));
        }

        public override List<T> ReadList(CheckpointReader reader, List<T>? existing) => PrimitiveCodec<TUnderlying>.Fill(reader.ReadPrimitiveSpan<TUnderlying>(), existing);

        public override void WriteArray(CheckpointWriter writer, T[] array) => writer.WritePrimitiveArray((TUnderlying[])(object)array);

        public override T[] ReadArray(CheckpointReader reader, T[]? existing)
        {
            var read = reader.ReadPrimitiveArray((TUnderlying[]?)(object?)existing);
            if (ReferenceEquals(read, existing)) return existing!;
            var array = new T[read.Length];
            read.AsSpan().CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.As<T, TUnderlying>(ref MemoryMarshal.GetArrayDataReference(array)), array.Length));
            return array;
        }
    }
}
