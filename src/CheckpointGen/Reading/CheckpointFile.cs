using System.IO.Hashing;
using CheckpointGen.Format;
using MemoryPack;
using TorchSharp;

namespace CheckpointGen.Reading;

/// <summary>
/// Reads and verifies the directory of a checkpoint file: header, footer, manifest and tensor
/// table. Every offset and length is checked against the file's real length before anything is
/// allocated, each section's checksum is verified, and every tensor entry is checked (known dtype,
/// non-negative shape, byte length = elements × element size, aligned, inside the data region,
/// no overlaps) before a single tensor byte is read.
/// </summary>
internal static partial class CheckpointFile
{
    public static CheckpointDirectory ReadDirectory(CheckpointSource source)
    {
        long length = source.Length;
        string name = source.Name;
        if (length < FileLayout.HeaderSize + FileLayout.FooterSize)
        {
            // Still give the most useful message: a short file with the wrong magic is not a checkpoint at all.
            var start = source.ReadArray(0, (int)Math.Min(length, FileLayout.HeaderSize));
            if (start.Length >= 8 && !start.AsSpan(0, 8).SequenceEqual(FileLayout.HeaderMagic))
                throw new CheckpointFormatException($"Checkpoint {name}: wrong magic number at offset 0 (this is not a CheckpointGen checkpoint).");
            throw new CheckpointFormatException($"Checkpoint {name}: the file is {length} bytes long, shorter than a header and a footer ({FileLayout.HeaderSize + FileLayout.FooterSize} bytes); it is truncated.");
        }
        var header = FileHeader.Parse(source.ReadArray(0, FileLayout.HeaderSize), name);
        try
        {
            var (footer, manifest, tensors, blocks) = ReadSections(source, length, name, header.FormatMinor);
            return new CheckpointDirectory(header, footer, manifest, tensors, blocks);
        }
        catch (CheckpointFormatException e) when (header.IsNewerMinor)
        {
            throw header.ExplainNewerMinor(name, e);
        }
    }

    private static (FileFooter Footer, Manifest Manifest, TensorEntry[] Tensors, BlockEntry[] Blocks) ReadSections(CheckpointSource source, long length, string name, int formatMinor)
    {
        var footer = FileFooter.Parse(source.ReadArray(length - FileLayout.FooterSize, FileLayout.FooterSize), length, name);

        var manifestBytes = source.ReadMemory(footer.ManifestOffset, (int)footer.ManifestLength);
        if (FileLayout.Hash(manifestBytes.Span) != footer.ManifestHash)
            throw new CheckpointFormatException($"Checkpoint {name}: manifest checksum mismatch (offset {footer.ManifestOffset}, length {footer.ManifestLength}); the file is damaged.");
        var manifest = Manifest.Parse(manifestBytes, formatMinor);

        var tableBytes = source.ReadArray(footer.TableOffset, (int)footer.TableLength);
        if (FileLayout.Hash(tableBytes) != footer.TableHash)
            throw new CheckpointFormatException($"Checkpoint {name}: tensor table checksum mismatch (offset {footer.TableOffset}, length {footer.TableLength}); the file is damaged.");
        TensorEntry[] tensors;
        BlockEntry[] blocks;
        try
        {
            var table = MemoryPackSerializer.Deserialize<TensorTable>(tableBytes);
            tensors = table?.Tensors ?? [];
            // A table of a version without blocks has no block member: MemoryPack leaves it null.
            blocks = table?.Blocks ?? [];
        }
        // MemoryPack reports malformed input not only as MemoryPackSerializationException: a damaged
        // length can surface as OverflowException, ArgumentException and the like. Any failure to
        // decode these bytes is a damaged table.
        catch (Exception e) when (e is MemoryPackSerializationException or OverflowException or ArgumentException or IndexOutOfRangeException or InvalidOperationException or FormatException)
        {
            throw new CheckpointFormatException($"Checkpoint {name}: the tensor table cannot be decoded ({e.Message}).", e);
        }
        long tensorsEnd = ValidateTensors(tensors, footer.ManifestOffset, name);
        ValidateBlocks(blocks, tensorsEnd, footer.ManifestOffset, name);
        return (footer, manifest, tensors, blocks);
    }

    /// <summary>
    /// Checks the whole file: its directory, then every tensor's and every block's bytes against their
    /// hashes. The one place that knows which sections carry checksums (Verify and the storages' check
    /// before a restore both call it).
    /// </summary>
    public static void VerifyAll(CheckpointSource source)
    {
        var directory = ReadDirectory(source);
        VerifyTensorData(source, directory.Tensors);
        VerifyBlocks(source, directory.Blocks);
    }

    /// <summary>Reads every tensor's bytes and checks its hash, without allocating tensors.</summary>
    public static void VerifyTensorData(CheckpointSource source, TensorEntry[] tensors)
    {
        var buffer = new byte[4 << 20];
        var hasher = new XxHash3();
        for (int i = 0; i < tensors.Length; i++)
        {
            var entry = tensors[i];
            hasher.Reset();
            for (long done = 0; done < entry.Length;)
            {
                int n = (int)Math.Min(buffer.Length, entry.Length - done);
                source.ReadExactly(entry.Offset + done, buffer.AsSpan(0, n));
                hasher.Append(buffer.AsSpan(0, n));
                done += n;
            }
            if (hasher.GetCurrentHashAsUInt64() != entry.Hash)
                throw new CheckpointFormatException($"Checkpoint {source.Name}: checksum mismatch in tensor {i} (offset {entry.Offset}, length {entry.Length}); the file is damaged.");
        }
    }

    /// <summary>Checks every tensor entry; returns where the last tensor ends (where blocks may start).</summary>
    private static long ValidateTensors(TensorEntry[] tensors, long dataEnd, string name)
    {
        long previousEnd = FileLayout.HeaderSize;
        for (int i = 0; i < tensors.Length; i++)
        {
            var t = tensors[i] ?? throw new CheckpointFormatException($"Checkpoint {name}: tensor {i} has no entry in the tensor table.");
            string where = $"Checkpoint {name}: tensor {i}";
            if (!Enum.IsDefined((torch.ScalarType)t.DType))
                throw new CheckpointFormatException($"{where} has unknown dtype code {t.DType}.");
            long elementSize = ((torch.ScalarType)t.DType).ElementSize();
            long elements = 1;
            foreach (long dim in t.Shape ?? [])
            {
                if (dim < 0) throw new CheckpointFormatException($"{where} has a negative dimension in shape [{string.Join(", ", t.Shape!)}].");
                try { elements = checked(elements * dim); }
                catch (OverflowException) { throw new CheckpointFormatException($"{where}: shape [{string.Join(", ", t.Shape!)}] overflows 64 bits."); }
            }
            if (t.Shape is null || t.Shape.Length > 64) throw new CheckpointFormatException($"{where} has an invalid rank.");
            long expected;
            try { expected = checked(elements * elementSize); }
            catch (OverflowException) { throw new CheckpointFormatException($"{where}: byte length overflows 64 bits."); }
            if (t.Length != expected)
                throw new CheckpointFormatException($"{where} says {t.Length} bytes, but shape [{string.Join(", ", t.Shape)}] of {(torch.ScalarType)t.DType} needs {expected}.");
            if (t.Offset % FileLayout.TensorAlignment != 0 || t.Offset < previousEnd || t.Offset > dataEnd || t.Length > dataEnd - t.Offset)
                throw new CheckpointFormatException($"{where} lies at offset {t.Offset} length {t.Length}, outside the data region {previousEnd}–{dataEnd}, unaligned or overlapping the tensor before it.");
            if (t.DeviceType is null || !Enum.TryParse<DeviceType>(t.DeviceType, ignoreCase: true, out _) || t.DeviceIndex < -1)
                throw new CheckpointFormatException($"{where} names an unknown device '{t.DeviceType}:{t.DeviceIndex}'.");
            previousEnd = t.Offset + t.Length;
        }
        return previousEnd;
    }
}
