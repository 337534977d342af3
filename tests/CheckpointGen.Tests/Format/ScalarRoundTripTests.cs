using CheckpointGen.Reading;
using CheckpointGen.Tests.Format.Support;

namespace CheckpointGen.Tests.Format;

/// <summary>Every scalar kind the writer supports comes back bit for bit.</summary>
public sealed class ScalarRoundTripTests
{
    [Theory]
    [InlineData(0x7FF8000000000000UL)] // canonical NaN
    [InlineData(0x7FF0000000000001UL)] // signalling NaN, smallest payload
    [InlineData(0xFFF8DEADBEEF0001UL)] // negative quiet NaN with payload
    [InlineData(0x8000000000000000UL)] // -0
    [InlineData(0x0000000000000000UL)] // +0
    [InlineData(0x0000000000000001UL)] // smallest subnormal
    [InlineData(0x7FEFFFFFFFFFFFFFUL)] // MaxValue
    [InlineData(0xFFEFFFFFFFFFFFFFUL)] // MinValue
    [InlineData(0x7FF0000000000000UL)] // +inf
    [InlineData(0xFFF0000000000000UL)] // -inf
    public void Double_round_trips_bit_for_bit(ulong bits)
    {
        double value = BitConverter.UInt64BitsToDouble(bits);
        double back = Probe.RoundTrip(w => w.WriteDouble(value), r => r.ReadDouble());
        Assert.Equal(bits, BitConverter.DoubleToUInt64Bits(back));
    }

    [Theory]
    [InlineData(0x7FC00000U)]
    [InlineData(0x7F800001U)]
    [InlineData(0xFFC0BEEFU)]
    [InlineData(0x80000000U)]
    [InlineData(0x00000001U)]
    [InlineData(0x7F7FFFFFU)]
    [InlineData(0xFF800000U)]
    public void Single_round_trips_bit_for_bit(uint bits)
    {
        float value = BitConverter.UInt32BitsToSingle(bits);
        float back = Probe.RoundTrip(w => w.WriteSingle(value), r => r.ReadSingle());
        Assert.Equal(bits, BitConverter.SingleToUInt32Bits(back));
    }

    [Theory]
    [InlineData((ushort)0x7E01)]
    [InlineData((ushort)0x8000)]
    [InlineData((ushort)0x7BFF)]
    [InlineData((ushort)0x0001)]
    [InlineData((ushort)0xFC00)]
    public void Half_round_trips_bit_for_bit(ushort bits)
    {
        Half value = BitConverter.UInt16BitsToHalf(bits);
        Half back = Probe.RoundTrip(w => w.WriteHalf(value), r => r.ReadHalf());
        Assert.Equal(bits, BitConverter.HalfToUInt16Bits(back));
    }

    [Fact]
    public void Integer_extremes_round_trip()
    {
        foreach (var v in new sbyte[] { sbyte.MinValue, -1, 0, sbyte.MaxValue })
            Assert.Equal(v, Probe.RoundTrip(w => w.WriteSByte(v), r => r.ReadSByte()));
        foreach (var v in new byte[] { 0, 1, byte.MaxValue })
            Assert.Equal(v, Probe.RoundTrip(w => w.WriteByte(v), r => r.ReadByte()));
        foreach (var v in new short[] { short.MinValue, -1, short.MaxValue })
            Assert.Equal(v, Probe.RoundTrip(w => w.WriteInt16(v), r => r.ReadInt16()));
        foreach (var v in new ushort[] { 0, ushort.MaxValue })
            Assert.Equal(v, Probe.RoundTrip(w => w.WriteUInt16(v), r => r.ReadUInt16()));
        foreach (var v in new[] { int.MinValue, -1, 0, int.MaxValue })
            Assert.Equal(v, Probe.RoundTrip(w => w.WriteInt32(v), r => r.ReadInt32()));
        foreach (var v in new[] { 0u, uint.MaxValue })
            Assert.Equal(v, Probe.RoundTrip(w => w.WriteUInt32(v), r => r.ReadUInt32()));
        foreach (var v in new[] { long.MinValue, -1L, long.MaxValue })
            Assert.Equal(v, Probe.RoundTrip(w => w.WriteInt64(v), r => r.ReadInt64()));
        foreach (var v in new[] { 0UL, ulong.MaxValue })
            Assert.Equal(v, Probe.RoundTrip(w => w.WriteUInt64(v), r => r.ReadUInt64()));
    }

    [Fact]
    public void Booleans_round_trip()
    {
        Assert.True(Probe.RoundTrip(w => w.WriteBoolean(true), r => r.ReadBoolean()));
        Assert.False(Probe.RoundTrip(w => w.WriteBoolean(false), r => r.ReadBoolean()));
    }

    [Fact]
    public void Decimals_keep_value_and_scale()
    {
        foreach (var v in new[] { decimal.MinValue, decimal.MaxValue, 0m, -0.0000000000000000000000000001m, 1.10m, 79228162514264337593543950335m })
        {
            decimal back = Probe.RoundTrip(w => w.WriteDecimal(v), r => r.ReadDecimal());
            Assert.Equal(decimal.GetBits(v), decimal.GetBits(back));
        }
    }

    [Fact]
    public void Chars_round_trip_including_lone_surrogates()
    {
        foreach (var v in new[] { '\0', 'a', 'é', '\uD800', '\uFFFF' })
            Assert.Equal(v, Probe.RoundTrip(w => w.WriteChar(v), r => r.ReadChar()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain ascii")]
    [InlineData("Grüße, 日本語, עברית, 😀 (surrogate pair)")]
    [InlineData("embedded\0nul")]
    public void Strings_round_trip(string value) =>
        Assert.Equal(value, Probe.RoundTrip(w => w.WriteString(value), r => r.ReadString()));

    [Fact]
    public void Null_string_round_trips_as_null() =>
        Assert.Null(Probe.RoundTrip(w => w.WriteString(null), r => r.ReadString()));

    [Theory]
    [InlineData(1025)]   // just past the writer's stack buffer
    [InlineData(100_000)]
    public void Long_strings_round_trip(int length)
    {
        // Multi-byte characters so the UTF-8 length is well past the 1024-byte stack path.
        string value = string.Concat(Enumerable.Range(0, length).Select(i => (char)('α' + i % 20)));
        Assert.Equal(value, Probe.RoundTrip(w => w.WriteString(value), r => r.ReadString()));
    }

    [Fact]
    public void DateTimes_keep_ticks_and_kind()
    {
        foreach (var v in new[]
        {
            DateTime.MinValue, DateTime.MaxValue,
            new DateTime(2024, 2, 29, 12, 34, 56, DateTimeKind.Utc).AddTicks(7),
            new DateTime(2024, 2, 29, 12, 34, 56, DateTimeKind.Local),
            new DateTime(2024, 2, 29, 12, 34, 56, DateTimeKind.Unspecified),
        })
        {
            var back = Probe.RoundTrip(w => w.WriteDateTime(v), r => r.ReadDateTime());
            Assert.Equal(v.Ticks, back.Ticks);
            Assert.Equal(v.Kind, back.Kind);
        }
    }

    [Fact]
    public void DateTimeOffsets_keep_clock_time_and_offset()
    {
        foreach (var v in new[]
        {
            DateTimeOffset.MinValue, DateTimeOffset.MaxValue,
            new DateTimeOffset(2024, 5, 1, 8, 0, 0, TimeSpan.FromHours(14)),
            new DateTimeOffset(2024, 5, 1, 8, 0, 0, TimeSpan.FromMinutes(-570)),
        })
        {
            var back = Probe.RoundTrip(w => w.WriteDateTimeOffset(v), r => r.ReadDateTimeOffset());
            Assert.Equal(v.Ticks, back.Ticks);
            Assert.Equal(v.Offset, back.Offset);
        }
    }

    [Fact]
    public void TimeSpans_and_guids_round_trip()
    {
        foreach (var v in new[] { TimeSpan.MinValue, TimeSpan.Zero, TimeSpan.MaxValue, TimeSpan.FromTicks(-3) })
            Assert.Equal(v, Probe.RoundTrip(w => w.WriteTimeSpan(v), r => r.ReadTimeSpan()));
        foreach (var v in new[] { Guid.Empty, Guid.Parse("01234567-89ab-cdef-0123-456789abcdef"), Guid.AllBitsSet })
            Assert.Equal(v, Probe.RoundTrip(w => w.WriteGuid(v), r => r.ReadGuid()));
    }

    [Fact]
    public void Nullables_round_trip_null_and_value()
    {
        static int? Read(CheckpointReader r) => r.TryReadNull() ? null : r.ReadInt32();
        Assert.Null(Probe.RoundTrip(w => w.WriteNull(), Read));
        Assert.Equal(-42, Probe.RoundTrip(w => w.WriteInt32(-42), Read));
    }
}
