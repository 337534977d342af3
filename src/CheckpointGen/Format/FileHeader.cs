using System.Buffers.Binary;
using System.IO.Hashing;

namespace CheckpointGen.Format;

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
