using System.Buffers.Binary;

namespace CheckpointGen.Training.Logging.TensorBoard;

/// <summary>
/// Encodes TensorBoard records: TFRecord framing (uint64 length, masked CRC-32C of the length, data,
/// masked CRC-32C of the data; little-endian) around Event messages:
/// Event{wall_time=1 double, step=2 int64, file_version=3 string | summary=5 Summary},
/// Summary{value=1 repeated Value{tag=1 string, simple_value=2 float, image=4 Image{height=1, width=2,
/// colorspace=3, encoded_image_string=4}}}.
/// </summary>
public static class TensorBoardEvents
{
    /// <summary>The version record every event file starts with.</summary>
    public const string FileVersion = "brain.Event:2";

    /// <summary>The framed first record of a file.</summary>
    public static byte[] FileVersionRecord(double wallTime) =>
        Frame(new ProtobufWriter().Double(1, wallTime).String(3, FileVersion).ToArray());

    /// <summary>A framed event holding one scalar.</summary>
    public static byte[] ScalarRecord(double wallTime, long step, string tag, float value)
    {
        var summaryValue = new ProtobufWriter().String(1, tag).Float(2, value).ToArray();
        return Event(wallTime, step, summaryValue);
    }

    /// <summary>A framed event holding one PNG image (<paramref name="colorspace"/>: 1 grey, 3 RGB, 4 RGBA).</summary>
    public static byte[] ImageRecord(double wallTime, long step, string tag, int height, int width, int colorspace, byte[] png)
    {
        var image = new ProtobufWriter().Int64(1, height).Int64(2, width).Int64(3, colorspace).Bytes(4, png).ToArray();
        var summaryValue = new ProtobufWriter().String(1, tag).Bytes(4, image).ToArray();
        return Event(wallTime, step, summaryValue);
    }

    /// <summary>TFRecord framing of <paramref name="data"/>.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> data)
    {
        var record = new byte[8 + 4 + data.Length + 4];
        BinaryPrimitives.WriteUInt64LittleEndian(record, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(8), Crc32C.Masked(record.AsSpan(0, 8)));
        data.CopyTo(record.AsSpan(12));
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(12 + data.Length), Crc32C.Masked(data));
        return record;
    }

    private static byte[] Event(double wallTime, long step, byte[] summaryValue)
    {
        var summary = new ProtobufWriter().Bytes(1, summaryValue).ToArray();
        return Frame(new ProtobufWriter().Double(1, wallTime).Int64(2, step).Bytes(5, summary).ToArray());
    }
}
