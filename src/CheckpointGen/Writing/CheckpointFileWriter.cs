using System.IO.Hashing;
using CheckpointGen.Format;
using MemoryPack;

namespace CheckpointGen.Writing;

/// <summary>
/// Writes a checkpoint file from a save's <see cref="CheckpointContent"/>, in one forward pass that
/// never seeks: header, data region (tensors, then blocks), manifest, tensor table, footer
/// (docs/format.md). The write-side mirror of <see cref="Reading.CheckpointFile"/>.
/// </summary>
internal static class CheckpointFileWriter
{
    /// <summary>Manifest bytes hashed per step while they are written (one pass over memory instead of two).</summary>
    private const int ManifestChunkBytes = 128 * 1024;

    public static void Write(Stream output, CheckpointContent content, Version writerVersion)
    {
        Span<byte> fixedPart = stackalloc byte[FileLayout.HeaderSize];
        new FileHeader(FileLayout.FormatMajor, FileLayout.FormatMinor, writerVersion).WriteTo(fixedPart);
        output.Write(fixedPart);

        var scratch = new XxHash3();
        var tensors = WriteTensors(output, content, FileLayout.HeaderSize, scratch, out long tensorsEnd);
        var blocks = WriteBlocks(output, content, tensorsEnd, scratch, out long dataEnd);
        var (manifestLength, manifestHash) = WriteManifest(output, content, scratch);
        byte[] table = MemoryPackSerializer.Serialize(new TensorTable { Tensors = tensors, Blocks = blocks });
        output.Write(table);

        new FileFooter(
            ManifestOffset: dataEnd,
            ManifestLength: manifestLength,
            ManifestHash: manifestHash,
            TableOffset: dataEnd + manifestLength,
            TableLength: table.Length,
            TableHash: FileLayout.Hash(table)).WriteTo(fixedPart);
        output.Write(fixedPart);
        output.Flush();
    }

    /// <summary>Each tensor's bytes at the next aligned offset from <paramref name="position"/>, zero-padded; fills in each entry's offset and hash.</summary>
    private static TensorEntry[] WriteTensors(Stream output, CheckpointContent content, long position, XxHash3 scratch, out long end)
    {
        Span<byte> padding = stackalloc byte[FileLayout.TensorAlignment];
        padding.Clear();
        var entries = new TensorEntry[content.Tensors.Count];
        for (int i = 0; i < entries.Length; i++)
        {
            var (entry, bytes) = content.Tensors[i];
            long offset = FileLayout.Align(position);
            output.Write(padding[..(int)(offset - position)]);
            entry.Offset = offset;
            entry.Hash = bytes.WriteTo(output, scratch);
            entries[i] = entry;
            position = offset + entry.Length;
        }
        end = position;
        return entries;
    }

    /// <summary>Each block's bytes one after the other from <paramref name="position"/> (where the tensors end), unaligned.</summary>
    private static BlockEntry[] WriteBlocks(Stream output, CheckpointContent content, long position, XxHash3 scratch, out long end)
    {
        var entries = new BlockEntry[content.Blocks.Count];
        for (int i = 0; i < entries.Length; i++)
        {
            var bytes = content.Blocks[i];
            entries[i] = new BlockEntry(position, bytes.Length, bytes.WriteTo(output, scratch));
            position += bytes.Length;
        }
        end = position;
        return entries;
    }

    /// <summary>The manifest: its directory, then the component area as the writer built it (never copied into one buffer).</summary>
    private static (long Length, ulong Hash) WriteManifest(Stream output, CheckpointContent content, XxHash3 hasher)
    {
        using var directory = new ByteSink(4096);
        Manifest.WriteDirectory(directory, content.Strings.Strings, content.Components, content.RowGroups, content.Area.Length);
        long length = (long)directory.Length + content.Area.Length;
        if (length > Array.MaxLength)
            throw new CheckpointException($"The checkpoint manifest would exceed {Array.MaxLength} bytes; store large data as tensors instead of managed arrays.");
        hasher.Reset();
        WriteHashed(output, directory.WrittenSpan, hasher);
        WriteHashed(output, content.Area.WrittenSpan, hasher);
        return (length, hasher.GetCurrentHashAsUInt64());
    }

    private static void WriteHashed(Stream output, ReadOnlySpan<byte> bytes, XxHash3 hasher)
    {
        while (!bytes.IsEmpty)
        {
            var chunk = bytes[..Math.Min(ManifestChunkBytes, bytes.Length)];
            output.Write(chunk);
            hasher.Append(chunk);
            bytes = bytes[chunk.Length..];
        }
    }
}
