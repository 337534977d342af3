using System.Buffers.Binary;
using System.IO.Hashing;

namespace CheckpointGen.Format;

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
