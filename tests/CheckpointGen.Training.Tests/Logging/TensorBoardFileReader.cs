using System.Buffers.Binary;
using System.Text;

namespace CheckpointGen.Training.Tests.Logging;

/// <summary>
/// A TensorBoard event-file reader written from the formats' specifications, independent of the
/// writer: TFRecord framing (uint64 LE length, masked CRC-32C of the length bytes, payload, masked
/// CRC-32C of the payload) and the protobuf wire format of Event / Summary / Value / Image.
/// </summary>
internal static class TensorBoardFileReader
{
    public sealed record ImageData(int Height, int Width, int Colorspace, byte[] Png);

    public sealed record Record(double WallTime, long Step, string? FileVersion, List<(string Tag, float? Scalar, ImageData? Image)> Values);

    public static List<Record> Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var records = new List<Record>();
        int offset = 0;
        while (offset < bytes.Length)
        {
            Assert.True(bytes.Length - offset >= 12, $"Truncated record header at byte {offset}.");
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(offset));
            Assert.Equal(MaskedCrc(bytes.AsSpan(offset, 8)), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 8)));
            int start = offset + 12;
            Assert.True((ulong)(bytes.Length - start) >= length + 4, $"Truncated record at byte {offset}.");
            var payload = bytes.AsSpan(start, (int)length);
            Assert.Equal(MaskedCrc(payload), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(start + (int)length)));
            records.Add(ParseEvent(payload.ToArray()));
            offset = start + (int)length + 4;
        }
        return records;
    }

    private static Record ParseEvent(byte[] message)
    {
        double wall = 0;
        long step = 0;
        string? version = null;
        var values = new List<(string, float?, ImageData?)>();
        foreach (var (field, wire, number, bytes) in Fields(message))
        {
            if (field == 1 && wire == 1) wall = BitConverter.Int64BitsToDouble((long)number);
            else if (field == 2 && wire == 0) step = (long)number;
            else if (field == 3 && wire == 2) version = Encoding.UTF8.GetString(bytes!);
            else if (field == 5 && wire == 2)
                foreach (var (sf, sw, _, sb) in Fields(bytes!))
                    if (sf == 1 && sw == 2) values.Add(ParseValue(sb!));
        }
        return new Record(wall, step, version, values);
    }

    private static (string, float?, ImageData?) ParseValue(byte[] message)
    {
        string tag = "";
        float? scalar = null;
        ImageData? image = null;
        foreach (var (field, wire, number, bytes) in Fields(message))
        {
            if (field == 1 && wire == 2) tag = Encoding.UTF8.GetString(bytes!);
            else if (field == 2 && wire == 5) scalar = BitConverter.Int32BitsToSingle((int)number);
            else if (field == 4 && wire == 2)
            {
                int h = 0, w = 0, c = 0;
                byte[] png = [];
                foreach (var (f, wt, n, b) in Fields(bytes!))
                {
                    if (f == 1 && wt == 0) h = (int)n;
                    else if (f == 2 && wt == 0) w = (int)n;
                    else if (f == 3 && wt == 0) c = (int)n;
                    else if (f == 4 && wt == 2) png = b!;
                }
                image = new ImageData(h, w, c, png);
            }
        }
        return (tag, scalar, image);
    }

    /// <summary>The fields of a protobuf message: number, wire type, and the varint/fixed value or the bytes.</summary>
    private static IEnumerable<(int Field, int Wire, ulong Number, byte[]? Bytes)> Fields(byte[] message)
    {
        int i = 0;
        while (i < message.Length)
        {
            ulong key = Varint(message, ref i);
            int field = (int)(key >> 3), wire = (int)(key & 7);
            switch (wire)
            {
                case 0: yield return (field, wire, Varint(message, ref i), null); break;
                case 1: yield return (field, wire, BinaryPrimitives.ReadUInt64LittleEndian(message.AsSpan(i)), null); i += 8; break;
                case 5: yield return (field, wire, BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(i)), null); i += 4; break;
                case 2:
                    int length = (int)Varint(message, ref i);
                    yield return (field, wire, 0, message.AsSpan(i, length).ToArray());
                    i += length;
                    break;
                default: throw new InvalidDataException($"Unexpected wire type {wire}.");
            }
        }
    }

    private static ulong Varint(byte[] data, ref int i)
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = data[i++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
    }

    /// <summary>CRC-32C computed bit by bit (reflected Castagnoli polynomial 0x82F63B78), then TFRecord's mask.</summary>
    private static uint MaskedCrc(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0x82F63B78u & (uint)-(int)(crc & 1));
        }
        crc = ~crc;
        return ((crc >> 15) | (crc << 17)) + 0xA282EAD8u;
    }
}
