using CheckpointGen.Format;
using MemoryPack;

namespace CheckpointGen.Tests.Format.Support;

/// <summary>
/// Checkpoints as byte arrays, and surgery on them: re-writing the footer, the manifest or the
/// tensor table while recomputing every checksum behind them (footer CRC32, XxHash3 section
/// hashes), so that tests reach the checks that sit behind the checksums.
/// </summary>
internal static class CheckpointBytes
{
    public static byte[] Save(object root)
    {
        using var stream = new MemoryStream();
        Checkpoint.Save(root, stream);
        return stream.ToArray();
    }

    public static RestoreReport Restore(object root, byte[] file, CheckpointLoadOptions? options = null) =>
        Checkpoint.Restore(root, new MemoryStream(file, writable: false), options);

    public static FileFooter Footer(byte[] file) =>
        FileFooter.Parse(file.AsSpan(file.Length - FileLayout.FooterSize), file.Length, "test");

    /// <summary>Section boundaries of a valid file, in file order.</summary>
    public static Layout LayoutOf(byte[] file)
    {
        var footer = Footer(file);
        var table = DecodeTable(file);
        return new Layout(footer, table.Tensors, table.Blocks, file.Length);
    }

    public static TensorTable DecodeTable(byte[] file)
    {
        var footer = Footer(file);
        return MemoryPackSerializer.Deserialize<TensorTable>(file.AsSpan((int)footer.TableOffset, (int)footer.TableLength))!;
    }

    public static byte[] ManifestOf(byte[] file)
    {
        var footer = Footer(file);
        return file.AsSpan((int)footer.ManifestOffset, (int)footer.ManifestLength).ToArray();
    }

    /// <summary>A copy of <paramref name="file"/> whose footer is replaced by <paramref name="footer"/> (with a correct CRC).</summary>
    public static byte[] WithFooter(byte[] file, FileFooter footer)
    {
        var copy = (byte[])file.Clone();
        footer.WriteTo(copy.AsSpan(copy.Length - FileLayout.FooterSize));
        return copy;
    }

    /// <summary>A file with the same header and tensor data, and the given manifest and tensor table, every hash and the footer recomputed.</summary>
    public static byte[] Rebuild(byte[] file, byte[]? manifest = null, byte[]? table = null)
    {
        var footer = Footer(file);
        manifest ??= ManifestOf(file);
        table ??= file.AsSpan((int)footer.TableOffset, (int)footer.TableLength).ToArray();
        using var output = new MemoryStream();
        output.Write(file, 0, (int)footer.ManifestOffset);
        output.Write(manifest);
        output.Write(table);
        var fixedPart = new byte[FileLayout.FooterSize];
        new FileFooter(footer.ManifestOffset, manifest.Length, FileLayout.Hash(manifest),
            footer.ManifestOffset + manifest.Length, table.Length, FileLayout.Hash(table)).WriteTo(fixedPart);
        output.Write(fixedPart);
        return output.ToArray();
    }

    /// <summary>A file whose block table is edited by <paramref name="edit"/>, every checksum behind it recomputed.</summary>
    public static byte[] WithBlockTable(byte[] file, Action<BlockEntry[]> edit)
    {
        var table = DecodeTable(file);
        edit(table.Blocks);
        return Rebuild(file, table: MemoryPackSerializer.Serialize(table));
    }

    /// <summary>A file whose tensor table is edited by <paramref name="edit"/> (entries' hashes stay valid for the unchanged data).</summary>
    public static byte[] WithTensorTable(byte[] file, Action<TensorEntry[]> edit)
    {
        var table = DecodeTable(file);
        edit(table.Tensors);
        return Rebuild(file, table: MemoryPackSerializer.Serialize(table));
    }

    /// <summary>A copy of the file with the header rewritten (correct CRC).</summary>
    public static byte[] WithHeader(byte[] file, ushort major, ushort minor)
    {
        var copy = (byte[])file.Clone();
        new FileHeader(major, minor, new Version(9, 8, 7)).WriteTo(copy);
        return copy;
    }

    /// <summary>
    /// The file as a writer of format 1.0–1.2 laid it out: the same, without the manifest's row-group
    /// table (which must be empty), under header version 1.<paramref name="minor"/>.
    /// </summary>
    public static byte[] AsOlderFormat(byte[] file, ushort minor)
    {
        byte[] manifest = ManifestOf(file);
        var source = new ByteSource(manifest, "manifest");
        int strings = (int)source.ReadVarUInt();
        for (int i = 0; i < strings; i++) source.Take((int)source.ReadVarUInt());
        int components = (int)source.ReadVarUInt();
        for (int i = 0; i < components * 3; i++) source.ReadVarUInt();
        int at = source.Position;
        if (source.ReadVarUInt() != 0) throw new InvalidOperationException("The file has row groups, which formats before 1.3 cannot hold.");
        byte[] older = [.. manifest.AsSpan(0, at), .. manifest.AsSpan(source.Position)];
        return WithHeader(Rebuild(file, manifest: older), 1, minor);
    }

    public static byte[] VarUInt(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80) { bytes.Add((byte)(value | 0x80)); value >>= 7; }
        bytes.Add((byte)value);
        return [.. bytes];
    }

    public sealed record Layout(FileFooter Footer, TensorEntry[] Tensors, BlockEntry[] Blocks, long FileLength)
    {
        /// <summary>Every offset where one section ends and the next begins, plus offsets inside the footer.</summary>
        public IEnumerable<(long Offset, string What)> Boundaries()
        {
            yield return (0, "start");
            yield return (FileLayout.HeaderSize, "header end");
            for (int i = 0; i < Tensors.Length; i++)
            {
                yield return (Tensors[i].Offset, $"tensor {i} start");
                yield return (Tensors[i].Offset + Tensors[i].Length, $"tensor {i} end");
            }
            for (int i = 0; i < Blocks.Length; i++)
            {
                yield return (Blocks[i].Offset, $"block {i} start");
                yield return (Blocks[i].Offset + Blocks[i].Length / 2, $"block {i} middle");
            }
            yield return (Footer.ManifestOffset, "manifest start");
            yield return (Footer.ManifestOffset + Footer.ManifestLength, "manifest end");
            yield return (Footer.TableOffset, "table start");
            yield return (Footer.TableOffset + Footer.TableLength, "table end");
            long footerStart = FileLength - FileLayout.FooterSize;
            foreach (long inside in new long[] { 0, 1, 8, 24, 47, 48, 52, 56, 63 })
                yield return (footerStart + inside, $"footer +{inside}");
        }
    }
}
