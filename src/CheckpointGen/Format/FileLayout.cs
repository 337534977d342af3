using System.IO.Hashing;

namespace CheckpointGen.Format;

/// <summary>
/// The wire constants of a checkpoint file, in one place (docs/format.md is the specification):
/// header (64 bytes) | tensor data (64-byte aligned), then blocks | manifest | tensor table | footer (64 bytes).
/// </summary>
internal static class FileLayout
{
    /// <summary>PNG-style magic: a high byte and CR LF / ^Z catch text-mode and 7-bit transfers.</summary>
    public static ReadOnlySpan<byte> HeaderMagic => [0x89, (byte)'C', (byte)'K', (byte)'P', (byte)'T', 0x0D, 0x0A, 0x1A];

    public static ReadOnlySpan<byte> FooterMagic => [(byte)'C', (byte)'K', (byte)'P', (byte)'T', (byte)'E', (byte)'N', (byte)'D', 0x1A];

    public const int HeaderSize = 64;
    public const int FooterSize = 64;
    public const int TensorAlignment = 64;

    /// <summary>A reader refuses a file of a newer major version.</summary>
    public const ushort FormatMajor = 1;

    /// <summary>Each minor version only adds to the previous one, so every older file stays readable (docs/format.md, "Versions").</summary>
    public const ushort FormatMinor = 4;

    /// <summary>The first minor version whose tensor table lists blocks.</summary>
    public const ushort BlocksSince = 2;

    /// <summary>The first minor version whose manifest has a row-group table.</summary>
    public const ushort RowGroupsSince = 3;

    /// <summary>The element id of a null element in object columns.</summary>
    public const int NullId = -1;

    /// <summary>Upper bound for the manifest and tensor table, checked before anything is allocated.</summary>
    public const long MaxDirectoryBytes = int.MaxValue - 64;

    public static long Align(long offset) => (offset + TensorAlignment - 1) & ~(long)(TensorAlignment - 1);

    public static ulong Hash(ReadOnlySpan<byte> bytes) => XxHash3.HashToUInt64(bytes);
}
