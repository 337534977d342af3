using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Benchmarks.Data;

/// <summary>
/// Reads IDX files (the format of the MNIST distribution), raw or gzip-compressed, straight into one
/// uint8 tensor: the bytes go from the file into the tensor's memory with no per-item objects.
/// Every structural property is checked (magic, element type, rank, dimensions, exact length), and
/// a failure disposes the partly filled tensor, so nothing half-loaded escapes.
/// </summary>
public static class IdxReader
{
    /// <summary>The IDX element-type code of unsigned bytes (the only type MNIST uses).</summary>
    public const byte UnsignedByteType = 0x08;

    private const int MaxRank = 8;

    /// <summary>
    /// Reads <paramref name="path"/>, which must hold unsigned bytes with <paramref name="expectedRank"/>
    /// dimensions. Gzip is recognised by its magic bytes, whatever the file name.
    /// </summary>
    /// <exception cref="IdxFormatException">The file is not a valid IDX file of that kind.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static IdxArray Read(string path, int expectedRank)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(expectedRank, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(expectedRank, MaxRank);
        if (!File.Exists(path)) throw new FileNotFoundException($"IDX file '{path}' does not exist.", path);

        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        bool gzip = IsGzip(file);
        long? rawLength = gzip ? null : file.Length;
        try
        {
            using Stream content = gzip ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : file;
            return ReadContent(path, content, expectedRank, rawLength, gzip);
        }
        catch (InvalidDataException e)
        {
            throw new IdxFormatException(path, $"the gzip stream is damaged ({e.Message})", e);
        }
    }

    private static bool IsGzip(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        int n = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return n == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
    }

    private static IdxArray ReadContent(string path, Stream content, int expectedRank, long? rawLength, bool gzip)
    {
        string what = gzip ? "decompressed content" : "file";
        Span<byte> magic = stackalloc byte[4];
        ReadHeaderBytes(path, content, magic, 0, what);
        if (magic[0] != 0 || magic[1] != 0)
            throw new IdxFormatException(path, $"wrong magic number 0x{BinaryPrimitives.ReadUInt32BigEndian(magic):X8} (an IDX file starts with two zero bytes, a type byte and a rank byte)");
        if (magic[2] != UnsignedByteType)
            throw new IdxFormatException(path, $"element type 0x{magic[2]:X2} is not supported (expected 0x08, unsigned byte)");
        if (magic[3] != expectedRank)
            throw new IdxFormatException(path, $"has {magic[3]} dimensions, expected {expectedRank} (magic 0x{BinaryPrimitives.ReadUInt32BigEndian(magic):X8}, expected 0x{0x800 | expectedRank:X8})");

        Span<byte> dimBytes = stackalloc byte[4 * expectedRank];
        ReadHeaderBytes(path, content, dimBytes, 4, what);
        var dims = new int[expectedRank];
        long elements = 1;
        for (int i = 0; i < expectedRank; i++)
        {
            uint d = BinaryPrimitives.ReadUInt32BigEndian(dimBytes[(4 * i)..]);
            if (d == 0 || d > int.MaxValue)
                throw new IdxFormatException(path, $"dimension {i} is {d} (must be between 1 and {int.MaxValue})");
            dims[i] = (int)d;
            elements *= d;
            if (elements > int.MaxValue)
                throw new IdxFormatException(path, $"dimensions [{string.Join(", ", dims[..(i + 1)])}] describe more than {int.MaxValue} bytes");
        }

        long headerLength = 4 + 4L * expectedRank;
        long expectedLength = headerLength + elements;
        if (rawLength is long actual && actual != expectedLength)
            throw new IdxFormatException(path, actual < expectedLength
                ? $"truncated: {actual} bytes, but the header [{string.Join(", ", dims)}] needs {expectedLength}"
                : $"{actual - expectedLength} unexpected bytes after the data: {actual} bytes, but the header [{string.Join(", ", dims)}] needs {expectedLength}");

        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(magic);
        sha.AppendData(dimBytes);

        var tensor = torch.empty(dims.Select(d => (long)d).ToArray(), dtype: ScalarType.Byte);
        try
        {
            Span<byte> target = tensor.bytes;
            int got = content.ReadAtLeast(target, target.Length, throwOnEndOfStream: false);
            if (got < target.Length)
                throw new IdxFormatException(path, $"truncated: the {what} ends after {headerLength + got} bytes, but the header [{string.Join(", ", dims)}] needs {expectedLength}");
            if (gzip && content.ReadByte() != -1)
                throw new IdxFormatException(path, $"unexpected bytes after the data: the header [{string.Join(", ", dims)}] describes {expectedLength} bytes, the {what} is longer");
            sha.AppendData(target);
            return new IdxArray(tensor, dims, sha.GetHashAndReset());
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }

    private static void ReadHeaderBytes(string path, Stream content, Span<byte> buffer, int offset, string what)
    {
        int got = content.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (got < buffer.Length)
            throw new IdxFormatException(path, $"truncated: the {what} ends after {offset + got} bytes, inside the header");
    }
}
