using System.Buffers.Binary;
using System.IO.Hashing;

namespace CheckpointGen.Format;

/// <summary>
/// The fixed parts of a checkpoint file. A file is, in order:
/// <code>
/// header (64 bytes) | tensor data (each tensor 64-byte aligned), then blocks (unaligned) | manifest | tensor table | footer (64 bytes)
/// </code>
/// The writer streams tensor bytes straight from tensor memory to the file in one pass and puts
/// the directory (manifest and tensor table, each with a checksum) at the end, the way zip does, so
/// saving never seeks and never stages a second copy of the weights.
/// </summary>
internal static class FileLayout
{
    /// <summary>PNG-style magic: a high byte and CR LF / ^Z catch text-mode and 7-bit transfers.</summary>
    public static ReadOnlySpan<byte> HeaderMagic => [0x89, (byte)'C', (byte)'K', (byte)'P', (byte)'T', 0x0D, 0x0A, 0x1A];

    public static ReadOnlySpan<byte> FooterMagic => [(byte)'C', (byte)'K', (byte)'P', (byte)'T', (byte)'E', (byte)'N', (byte)'D', 0x1A];

    public const int HeaderSize = 64;
    public const int FooterSize = 64;
    public const int TensorAlignment = 64;

    /// <summary>Major version: a reader refuses a file with a newer major version.</summary>
    public const ushort FormatMajor = 1;

    /// <summary>
    /// Minor version: additions that leave every older file readable. 1: <see cref="ValueTag.RecordColumns"/>;
    /// 2: blocks (large primitive arrays in the data region, <see cref="ValueTag.BlockArray"/>, listed in
    /// the tensor table's second member); 3: object columns (<see cref="ValueTag.ObjectColumns"/>, and
    /// the manifest's row-group table). A 1.3 reader reads 1.0, 1.1 and 1.2 files unchanged.
    /// </summary>
    public const ushort FormatMinor = 3;

    /// <summary>Upper bound for the manifest and tensor table, checked before anything is allocated.</summary>
    public const long MaxDirectoryBytes = int.MaxValue - 64;

    public static long Align(long offset) => (offset + TensorAlignment - 1) & ~(long)(TensorAlignment - 1);

    public static ulong Hash(ReadOnlySpan<byte> bytes) => XxHash3.HashToUInt64(bytes);
}

/// <summary>The 64-byte header: magic, format version, writer version, header CRC.</summary>
internal readonly record struct FileHeader(ushort FormatMajor, ushort FormatMinor, Version WriterVersion)
{
    // Layout: magic[8] | major u16 | minor u16 | writer major u16 | minor u16 | build u16 | reserved… | crc32 u32 at 60.
    public void WriteTo(Span<byte> destination)
    {
        destination[..FileLayout.HeaderSize].Clear();
        FileLayout.HeaderMagic.CopyTo(destination);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[8..], FormatMajor);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[10..], FormatMinor);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[12..], (ushort)Math.Max(0, WriterVersion.Major));
        BinaryPrimitives.WriteUInt16LittleEndian(destination[14..], (ushort)Math.Max(0, WriterVersion.Minor));
        BinaryPrimitives.WriteUInt16LittleEndian(destination[16..], (ushort)Math.Max(0, WriterVersion.Build));
        BinaryPrimitives.WriteUInt32LittleEndian(destination[60..], Crc32.HashToUInt32(destination[..60]));
    }

    public static FileHeader Parse(ReadOnlySpan<byte> bytes, string source)
    {
        if (bytes.Length < FileLayout.HeaderSize)
            throw new CheckpointFormatException($"Checkpoint {source}: the file is {bytes.Length} bytes long, shorter than the {FileLayout.HeaderSize}-byte header (truncated, or not a checkpoint).");
        if (!bytes[..8].SequenceEqual(FileLayout.HeaderMagic))
            throw new CheckpointFormatException($"Checkpoint {source}: wrong magic number at offset 0 (this is not a CheckpointGen checkpoint).");
        uint crc = BinaryPrimitives.ReadUInt32LittleEndian(bytes[60..]);
        if (crc != Crc32.HashToUInt32(bytes[..60]))
            throw new CheckpointFormatException($"Checkpoint {source}: header checksum mismatch (bytes 0–63 are damaged).");
        var header = new FileHeader(
            BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt16LittleEndian(bytes[10..]),
            new Version(BinaryPrimitives.ReadUInt16LittleEndian(bytes[12..]), BinaryPrimitives.ReadUInt16LittleEndian(bytes[14..]), BinaryPrimitives.ReadUInt16LittleEndian(bytes[16..])));
        if (header.FormatMajor > FileLayout.FormatMajor)
            throw new CheckpointFormatException($"Checkpoint {source}: format version {header.FormatMajor}.{header.FormatMinor} (written by CheckpointGen {header.WriterVersion}) is newer than this reader's {FileLayout.FormatMajor}.{FileLayout.FormatMinor}; upgrade CheckpointGen to read it.");
        if (header.FormatMajor == 0)
            throw new CheckpointFormatException($"Checkpoint {source}: format version 0 is not a valid version.");
        return header;
    }

    /// <summary>True when the file's minor version is newer than this reader's: it may hold value kinds this reader does not know.</summary>
    public bool IsNewerMinor => FormatMajor == FileLayout.FormatMajor && FormatMinor > FileLayout.FormatMinor;

    /// <summary>
    /// Rewords a format error met while reading a file of a newer minor version: the bytes are
    /// probably not damaged but hold an addition this reader predates, so the useful advice is to
    /// upgrade (the original error stays as the inner exception and in the message).
    /// </summary>
    public CheckpointFormatException ExplainNewerMinor(string source, CheckpointFormatException error) =>
        new($"Checkpoint {source}: format version {FormatMajor}.{FormatMinor} (written by CheckpointGen {WriterVersion}) is newer than this reader's {FileLayout.FormatMajor}.{FileLayout.FormatMinor} and uses something this reader does not know; upgrade CheckpointGen to read it. The error was: {error.Message}", error);
}

/// <summary>The 64-byte footer: where the manifest and the tensor table are, their checksums, footer CRC, end magic.</summary>
internal readonly record struct FileFooter(long ManifestOffset, long ManifestLength, ulong ManifestHash, long TableOffset, long TableLength, ulong TableHash)
{
    // Layout: 6 × u64 (48 bytes) | crc32 u32 at 48 | reserved u32 | magic[8] at 56.
    public void WriteTo(Span<byte> destination)
    {
        destination[..FileLayout.FooterSize].Clear();
        BinaryPrimitives.WriteInt64LittleEndian(destination[0..], ManifestOffset);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], ManifestLength);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], ManifestHash);
        BinaryPrimitives.WriteInt64LittleEndian(destination[24..], TableOffset);
        BinaryPrimitives.WriteInt64LittleEndian(destination[32..], TableLength);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[40..], TableHash);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[48..], Crc32.HashToUInt32(destination[..48]));
        FileLayout.FooterMagic.CopyTo(destination[56..]);
    }

    /// <summary>Parses and bounds-checks the footer against the file length: both sections must lie between the header and the footer, in order, without overlap.</summary>
    public static FileFooter Parse(ReadOnlySpan<byte> bytes, long fileLength, string source)
    {
        if (!bytes[56..64].SequenceEqual(FileLayout.FooterMagic))
            throw new CheckpointFormatException($"Checkpoint {source}: the footer's end marker is missing at offset {fileLength - FileLayout.FooterSize} (the file is truncated or was not completely written).");
        if (BinaryPrimitives.ReadUInt32LittleEndian(bytes[48..]) != Crc32.HashToUInt32(bytes[..48]))
            throw new CheckpointFormatException($"Checkpoint {source}: footer checksum mismatch at offset {fileLength - FileLayout.FooterSize} (the footer is damaged).");
        var footer = new FileFooter(
            BinaryPrimitives.ReadInt64LittleEndian(bytes[0..]),
            BinaryPrimitives.ReadInt64LittleEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]),
            BinaryPrimitives.ReadInt64LittleEndian(bytes[24..]),
            BinaryPrimitives.ReadInt64LittleEndian(bytes[32..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[40..]));
        long end = fileLength - FileLayout.FooterSize;
        CheckRange("manifest", footer.ManifestOffset, footer.ManifestLength, FileLayout.HeaderSize, end, source);
        CheckRange("tensor table", footer.TableOffset, footer.TableLength, footer.ManifestOffset + footer.ManifestLength, end, source);
        return footer;
    }

    private static void CheckRange(string section, long offset, long length, long min, long max, string source)
    {
        if (offset < min || length < 0 || length > FileLayout.MaxDirectoryBytes || offset > max || length > max - offset)
            throw new CheckpointFormatException($"Checkpoint {source}: the {section} is said to span offset {offset} length {length}, outside the bytes {min}–{max} available for it (damaged footer or truncated file).");
    }
}
