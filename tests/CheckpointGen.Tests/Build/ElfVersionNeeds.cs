using System.Buffers.Binary;
using System.Text;

namespace CheckpointGen.Tests.Build;

/// <summary>
/// Reads the symbol-version requirements (.gnu.version_r) of a little-endian ELF64 file, so tests
/// can see whether build/TorchSharpNativeFix.targets marked one WEAK. Independent of the build
/// task on purpose: a shared bug would otherwise go unnoticed.
/// </summary>
internal static class ElfVersionNeeds
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;
    private static readonly byte[] ElfMagic = [0x7f, (byte)'E', (byte)'L', (byte)'F'];

    /// <summary>Whether every requirement named <paramref name="version"/> is weak; null if the file has none.</summary>
    public static bool? IsWeak(string path, string version)
    {
        var flags = FlagsOf(File.ReadAllBytes(path), version);
        return flags.Count == 0 ? null : flags.TrueForAll(f => (f & VerFlgWeak) != 0);
    }

    private static List<ushort> FlagsOf(byte[] elf, string version)
    {
        if (elf.Length < 64 || !elf.AsSpan(0, 4).SequenceEqual(ElfMagic) || elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("not a little-endian ELF64 file");

        var span = elf.AsSpan();
        int shoff = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(span[0x28..]));
        int shentsize = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3A..]);
        int shnum = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3C..]);
        ReadOnlySpan<byte> Header(int i) => elf.AsSpan(shoff + i * shentsize, shentsize);

        var flags = new List<ushort>();
        for (int i = 0; i < shnum; i++)
        {
            var h = Header(i);
            if (BinaryPrimitives.ReadUInt32LittleEndian(h[4..]) != ShtGnuVerneed)
                continue;
            int offset = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(h[24..]));
            uint needCount = BinaryPrimitives.ReadUInt32LittleEndian(h[44..]);
            var strtab = Header((int)BinaryPrimitives.ReadUInt32LittleEndian(h[40..]));
            int strings = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(strtab[24..]));

            int need = offset;
            for (uint n = 0; n < needCount; n++)
            {
                int auxCount = BinaryPrimitives.ReadUInt16LittleEndian(span[(need + 2)..]);
                int aux = need + (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(need + 8)..]);
                for (int a = 0; a < auxCount; a++)
                {
                    int name = strings + (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(aux + 8)..]);
                    int end = span[name..].IndexOf((byte)0);
                    if (Encoding.ASCII.GetString(span.Slice(name, end)) == version)
                        flags.Add(BinaryPrimitives.ReadUInt16LittleEndian(span[(aux + 4)..]));
                    aux += (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(aux + 12)..]);
                }
                need += (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(need + 12)..]);
            }
        }
        return flags;
    }
}
