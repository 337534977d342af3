using System.IO.Hashing;
using CheckpointGen.Format;
using CheckpointGen.Reading;
using CheckpointGen.Storage;
using CheckpointGen.Writing;
using MemoryPack;

namespace CheckpointGen;

/// <summary>
/// Saves an object graph (a strategy, a plugin, a model, anything <see cref="ICheckpointable"/>
/// or a TorchSharp module/optimizer) into a checkpoint, and restores a checkpoint into an
/// existing graph built by the same code.
/// </summary>
public static class Checkpoint
{
    /// <summary>The version of CheckpointGen recorded in the files it writes.</summary>
    public static Version WriterVersion { get; } = typeof(Checkpoint).Assembly.GetName().Version ?? new Version(0, 0, 0);

    /// <summary>
    /// Saves <paramref name="root"/> to <paramref name="path"/> atomically: the checkpoint is written
    /// under a temporary name in the same folder, flushed to disk, then renamed over
    /// <paramref name="path"/>. A crash at any moment leaves either the old file or the new one.
    /// </summary>
    public static void Save(object root, string path)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.Write(path, stream => Save(root, stream));
    }

    /// <summary>
    /// Saves <paramref name="root"/> into <paramref name="stream"/> (written from its current position, in one pass, without seeking).
    /// The state must not change until this returns: large arrays are recorded by reference and their bytes are
    /// written after the whole graph has been walked (a save was never safe against concurrent mutation).
    /// </summary>
    public static void Save(object root, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(stream);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("CheckpointGen writes little-endian data from memory and needs a little-endian machine.");

        using var writer = new CheckpointWriter();
        writer.WriteGraph(root);

        Span<byte> fixedPart = stackalloc byte[FileLayout.HeaderSize];
        new FileHeader(FileLayout.FormatMajor, FileLayout.FormatMinor, WriterVersion).WriteTo(fixedPart);
        stream.Write(fixedPart);

        var entries = writer.LayOutTensors(FileLayout.HeaderSize, out long tensorsEnd);
        writer.WriteTensorData(stream, entries, FileLayout.HeaderSize);
        var blocks = writer.WriteBlocks(stream, tensorsEnd, out long dataEnd);

        // The manifest is its directory followed by the writer's component area, streamed as is.
        using var directory = new ByteSink(4096);
        Manifest.EncodeDirectory(writer, directory);
        long manifestLength = (long)directory.Length + writer.Sink.Length;
        if (manifestLength > Array.MaxLength)
            throw new CheckpointException($"The checkpoint manifest would exceed {Array.MaxLength} bytes; store large data as tensors instead of managed arrays.");
        var manifestHash = new XxHash3();
        WriteHashed(stream, directory.WrittenSpan, manifestHash);
        WriteHashed(stream, writer.Sink.WrittenSpan, manifestHash);
        byte[] table = MemoryPackSerializer.Serialize(new TensorTable { Tensors = entries, Blocks = blocks });
        stream.Write(table);

        new FileFooter(
            ManifestOffset: dataEnd,
            ManifestLength: manifestLength,
            ManifestHash: manifestHash.GetCurrentHashAsUInt64(),
            TableOffset: dataEnd + manifestLength,
            TableLength: table.Length,
            TableHash: FileLayout.Hash(table)).WriteTo(fixedPart);
        stream.Write(fixedPart);
        stream.Flush();
    }

    /// <summary>
    /// Writes <paramref name="bytes"/> to <paramref name="stream"/> and adds them to <paramref name="hash"/>,
    /// a chunk at a time so that each chunk is hashed while the copy has left it in the cache
    /// (one pass over memory instead of two).
    /// </summary>
    private static void WriteHashed(Stream stream, ReadOnlySpan<byte> bytes, XxHash3 hash)
    {
        const int Chunk = 128 * 1024;
        while (!bytes.IsEmpty)
        {
            var chunk = bytes[..Math.Min(Chunk, bytes.Length)];
            stream.Write(chunk);
            hash.Append(chunk);
            bytes = bytes[chunk.Length..];
        }
    }

    /// <summary>
    /// Restores the checkpoint at <paramref name="path"/> into <paramref name="root"/>, which must
    /// be built by the same code that saved it (same root type). Objects, modules and tensors are
    /// restored in place where they exist.
    /// </summary>
    /// <returns>What differed between the file and the code (keys skipped or missing).</returns>
    /// <exception cref="CheckpointFormatException">The file is truncated, damaged, not a checkpoint or too new.</exception>
    /// <exception cref="CheckpointMismatchException">The file does not fit <paramref name="root"/>.</exception>
    public static RestoreReport Restore(object root, string path, CheckpointLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = Open(CheckpointSource.Open(path), options);
        reader.ReadRoot(root);
        return reader.Report;
    }

    /// <summary>Restores a checkpoint read from <paramref name="stream"/> (a stream that cannot seek is read into memory first).</summary>
    public static RestoreReport Restore(object root, Stream stream, CheckpointLoadOptions? options = null)
    {
        using var reader = Open(CheckpointSource.Open(stream), options);
        reader.ReadRoot(root);
        return reader.Report;
    }

    /// <summary>Checks the whole file: structure, every section checksum, every tensor and every block checksum. Throws <see cref="CheckpointFormatException"/> naming the first problem.</summary>
    public static void Verify(string path)
    {
        using var source = CheckpointSource.Open(path);
        CheckpointFile.VerifyAll(source);
    }

    /// <summary>Checks a whole checkpoint read from <paramref name="stream"/> as <see cref="Verify(string)"/> does (a stream that cannot seek is read into memory first).</summary>
    public static void Verify(Stream stream)
    {
        using var source = CheckpointSource.Open(stream);
        CheckpointFile.VerifyAll(source);
    }

    private static CheckpointReader Open(CheckpointSource source, CheckpointLoadOptions? options)
    {
        try
        {
            var (header, _, manifest, tensors, blocks) = CheckpointFile.ReadDirectory(source);
            return new CheckpointReader(source, manifest, tensors, header, options ?? CheckpointLoadOptions.Default) { Blocks = blocks };
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }
}
