using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace CheckpointGen.Tool.Tests.Support;

/// <summary>
/// A safetensors reader written from the format's specification, independent of the tool's writer:
/// 8-byte little-endian header length N; N bytes of UTF-8 JSON starting with '{' (trailing spaces
/// allowed), at most 100,000,000; a map from tensor name to dtype, shape and data_offsets
/// [begin, end) relative to the byte after the header, plus an optional "__metadata__" map of
/// strings; the offsets cover the data buffer exactly, without holes or overlaps; each tensor's
/// length is its element count times its dtype's size. Any violation throws.
/// </summary>
public static class SafetensorsReader
{
    public sealed record Entry(string DType, long[] Shape, byte[] Data);

    public static (Dictionary<string, Entry> Tensors, Dictionary<string, string> Metadata) Read(string path)
    {
        var file = File.ReadAllBytes(path);
        if (file.Length < 8) throw new InvalidDataException("shorter than the 8-byte header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
        if (headerLength > 100_000_000 || headerLength > (ulong)(file.Length - 8)) throw new InvalidDataException($"header length {headerLength} is invalid");
        var header = file.AsSpan(8, (int)headerLength);
        if (header.Length == 0 || header[0] != (byte)'{') throw new InvalidDataException("the header does not start with '{'");
        var text = Encoding.UTF8.GetString(header).TrimEnd(' ');
        using var json = JsonDocument.Parse(text);
        var data = file.AsMemory(8 + (int)headerLength);

        var tensors = new Dictionary<string, Entry>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var ranges = new List<(long Begin, long End)>();
        foreach (var property in json.RootElement.EnumerateObject())
        {
            if (property.Name == "__metadata__")
            {
                foreach (var item in property.Value.EnumerateObject()) metadata.Add(item.Name, item.Value.GetString() ?? throw new InvalidDataException("metadata value is not a string"));
                continue;
            }
            string dtype = property.Value.GetProperty("dtype").GetString()!;
            long[] shape = [.. property.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64())];
            long[] offsets = [.. property.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64())];
            if (offsets.Length != 2 || offsets[0] > offsets[1] || offsets[1] > data.Length) throw new InvalidDataException($"'{property.Name}': bad data_offsets");
            long expected = shape.Aggregate(1L, (a, b) => a * b) * SizeOf(dtype);
            if (offsets[1] - offsets[0] != expected) throw new InvalidDataException($"'{property.Name}': {offsets[1] - offsets[0]} bytes for {expected} expected");
            if (!tensors.TryAdd(property.Name, new Entry(dtype, shape, data.Slice((int)offsets[0], (int)(offsets[1] - offsets[0])).ToArray())))
                throw new InvalidDataException($"'{property.Name}' appears twice");
            ranges.Add((offsets[0], offsets[1]));
        }
        long position = 0;
        foreach (var (begin, end) in ranges.OrderBy(r => r.Begin))
        {
            if (begin != position) throw new InvalidDataException($"hole or overlap at byte {position} of the data");
            position = end;
        }
        if (position != data.Length) throw new InvalidDataException($"the data has {data.Length} bytes, the tensors cover {position}");
        return (tensors, metadata);
    }

    private static int SizeOf(string dtype) => dtype switch
    {
        "BOOL" or "U8" or "I8" => 1,
        "I16" or "U16" or "F16" or "BF16" => 2,
        "I32" or "U32" or "F32" => 4,
        "I64" or "U64" or "F64" or "C64" => 8,
        _ => throw new InvalidDataException($"unknown dtype {dtype}"),
    };

    public static float[] Floats(Entry entry) => [.. Enumerable.Range(0, entry.Data.Length / 4).Select(i => BinaryPrimitives.ReadSingleLittleEndian(entry.Data.AsSpan(i * 4)))];

    public static double[] Doubles(Entry entry) => [.. Enumerable.Range(0, entry.Data.Length / 8).Select(i => BinaryPrimitives.ReadDoubleLittleEndian(entry.Data.AsSpan(i * 8)))];
}
