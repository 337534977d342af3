using System.Buffers.Binary;
using System.IO.Hashing;
using CheckpointGen.Format;

namespace CheckpointGen.Fuzzing;

/// <summary>
/// Recomputes the checksums that guard a file's directory (header CRC, the manifest's and tensor table's hashes,
/// footer CRC) wherever the footer's offsets point inside the input. Blind mutations almost all stop at those
/// checksums; repaired, they reach the parsers behind them (manifest, member tables, value walker, columns,
/// tensor table). Tensor and block bytes keep their own hashes, which the reader checks as it reads them.
/// </summary>
internal static class ChecksumRepair
{
    public static byte[]? Repair(byte[] input)
    {
        if (input.Length < FileLayout.HeaderSize + FileLayout.FooterSize) return null;
        byte[] file = (byte[])input.Clone();
        var footer = file.AsSpan(file.Length - FileLayout.FooterSize, FileLayout.FooterSize);
        RehashSection(file, footer, offsetAt: 0, lengthAt: 8, hashAt: 16);
        RehashSection(file, footer, offsetAt: 24, lengthAt: 32, hashAt: 40);
        BinaryPrimitives.WriteUInt32LittleEndian(footer[48..], Crc32.HashToUInt32(footer[..48]));
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(60), Crc32.HashToUInt32(file.AsSpan(0, 60)));
        return file.AsSpan().SequenceEqual(input) ? null : file;
    }

    private static void RehashSection(byte[] file, Span<byte> footer, int offsetAt, int lengthAt, int hashAt)
    {
        long offset = BinaryPrimitives.ReadInt64LittleEndian(footer[offsetAt..]);
        long length = BinaryPrimitives.ReadInt64LittleEndian(footer[lengthAt..]);
        if (offset < 0 || length < 0 || offset > file.Length || length > file.Length - offset) return;
        BinaryPrimitives.WriteUInt64LittleEndian(footer[hashAt..], FileLayout.Hash(file.AsSpan((int)offset, (int)length)));
    }
}
