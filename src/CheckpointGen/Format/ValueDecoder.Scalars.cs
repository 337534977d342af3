namespace CheckpointGen.Format;

internal sealed partial class ValueDecoder
{
    /// <summary>A decimal's 16 bytes, whose flags the runtime does not check: scale at most 28, reserved bits clear.</summary>
    public static decimal ReadDecimal(ref ByteSource s)
    {
        decimal value = s.Read<decimal>();
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        if ((bits[3] & 0x7F00FFFF) != 0 || ((bits[3] >> 16) & 0xFF) > 28) throw s.Fail("a decimal value is malformed");
        return value;
    }

    /// <summary>A DateTime's ticks and kind, both checked.</summary>
    public static DateTime ReadDateTime(ref ByteSource s)
    {
        long ticks = s.Read<long>();
        byte kind = s.ReadByte();
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks || kind > 2) throw s.Fail("a DateTime value is out of range");
        return new DateTime(ticks, (DateTimeKind)kind);
    }

    /// <summary>A DateTimeOffset's local ticks and offset in minutes, checked by the runtime.</summary>
    public static DateTimeOffset ReadDateTimeOffset(ref ByteSource s)
    {
        long ticks = s.Read<long>();
        short minutes = s.Read<short>();
        try
        {
            return new DateTimeOffset(ticks, TimeSpan.FromMinutes(minutes));
        }
        catch (ArgumentException e)
        {
            throw s.Fail("a DateTimeOffset value is out of range", e);
        }
    }

    public static Guid ReadGuid(ref ByteSource s) => new(s.Take(16));

    /// <summary>The bytes of a Boolean array (or column), each of which must be 0 or 1.</summary>
    public static void CheckBooleans(ref ByteSource s, ReadOnlySpan<byte> bytes)
    {
        if (bytes.IndexOfAnyExcept((byte)0, (byte)1) >= 0) throw s.Fail("a Boolean array holds a byte other than 0 or 1");
    }
}
