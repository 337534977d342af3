using System.Buffers.Binary;
using System.IO.Compression;

namespace CheckpointGen.Benchmarks.Tests;

/// <summary>A temporary folder deleted with the test, and writers of small IDX files.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cg-bench-tests-" + Guid.NewGuid().ToString("N"));

    public string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}

internal static class Idx
{
    /// <summary>The bytes of an unsigned-byte IDX file with <paramref name="dims"/> and <paramref name="data"/>.</summary>
    public static byte[] Bytes(int[] dims, byte[] data, byte type = 0x08, int? rankByte = null)
    {
        var bytes = new byte[4 + 4 * dims.Length + data.Length];
        bytes[2] = type;
        bytes[3] = (byte)(rankByte ?? dims.Length);
        for (int i = 0; i < dims.Length; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), dims[i]);
        data.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    /// <summary>Deterministic image bytes: item i, pixel j = (i * 31 + j * 7) mod 256.</summary>
    public static byte[] Pixels(int count, int rows, int cols)
    {
        var data = new byte[count * rows * cols];
        for (int i = 0; i < count; i++)
            for (int j = 0; j < rows * cols; j++) data[i * rows * cols + j] = (byte)((i * 31 + j * 7) % 256);
        return data;
    }

    public static string WriteImages(string path, int count, int rows = 4, int cols = 3, bool gzip = false) =>
        Write(path, Bytes([count, rows, cols], Pixels(count, rows, cols)), gzip);

    public static string WriteLabels(string path, byte[] labels, bool gzip = false) =>
        Write(path, Bytes([labels.Length], labels), gzip);

    public static string Write(string path, byte[] content, bool gzip = false)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        if (!gzip) { File.WriteAllBytes(path, content); return path; }
        using var file = File.Create(path);
        using var z = new GZipStream(file, CompressionLevel.Fastest);
        z.Write(content);
        return path;
    }
}
