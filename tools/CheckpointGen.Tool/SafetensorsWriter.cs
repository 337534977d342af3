using System.Buffers.Binary;
using System.Text.Json;

namespace CheckpointGen.Tool;

/// <summary>
/// Writes a safetensors file: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
/// (padded with spaces so the data starts 8-byte aligned), then every tensor's little-endian bytes
/// back to back in header order, each entry's <c>data_offsets</c> relative to the data start.
/// </summary>
internal static class SafetensorsWriter
{
    private const int MaxHeaderBytes = 100_000_000;

    /// <summary>The safetensors dtype of a TorchSharp dtype name; null when safetensors has none.</summary>
    public static string? DType(string torchDType) => torchDType switch
    {
        "Bool" => "BOOL",
        "Byte" => "U8",
        "Int8" => "I8",
        "Int16" => "I16",
        "Int32" => "I32",
        "Int64" => "I64",
        "Float16" => "F16",
        "BFloat16" => "BF16",
        "Float32" => "F32",
        "Float64" => "F64",
        "ComplexFloat32" => "C64",
        _ => null,
    };

    /// <summary>Writes <paramref name="tensors"/> (names unique; bytes read on demand) and string <paramref name="metadata"/>.</summary>
    public static void Write(Stream output, IReadOnlyList<(string Name, string TorchDType, IReadOnlyList<long> Shape, long Length)> tensors,
        Func<int, byte[]> readBytes, IReadOnlyDictionary<string, string> metadata)
    {
        var header = Header(tensors, metadata);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        output.Write(length);
        output.Write(header);
        for (int i = 0; i < tensors.Count; i++)
        {
            var bytes = readBytes(i);
            if (bytes.Length != tensors[i].Length) throw new InvalidOperationException($"Tensor '{tensors[i].Name}' has {bytes.Length} bytes, expected {tensors[i].Length}.");
            output.Write(bytes);
        }
    }

    private static byte[] Header(IReadOnlyList<(string Name, string TorchDType, IReadOnlyList<long> Shape, long Length)> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata.Count > 0)
            {
                json.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata) json.WriteString(key, value);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, torchDType, shape, length) in tensors)
            {
                string dtype = DType(torchDType) ?? throw new ToolException(ExitCodes.Failed, $"Tensor '{name}' has dtype {torchDType}, which safetensors cannot hold.");
                json.WriteStartObject(name);
                json.WriteString("dtype", dtype);
                json.WriteStartArray("shape");
                foreach (long size in shape) json.WriteNumberValue(size);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + length);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += length;
            }
            json.WriteEndObject();
        }
        int padded = (int)((buffer.Length + 7) / 8 * 8);
        if (padded > MaxHeaderBytes) throw new ToolException(ExitCodes.Failed, $"The safetensors header would take {padded:N0} bytes, more than the format's {MaxHeaderBytes:N0}.");
        var header = new byte[padded];
        buffer.ToArray().CopyTo(header, 0);
        header.AsSpan((int)buffer.Length).Fill((byte)' ');
        return header;
    }
}
