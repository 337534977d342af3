using System.IO.Hashing;
using CheckpointGen.Configuration;
using CheckpointGen.Format;
using CheckpointGen.Reading;
using CheckpointGen.Storage;
using CheckpointGen.Writing;

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
    /// An asynchronous <see cref="Save(object, string)"/>: takes a snapshot of <paramref name="root"/>
    /// on the calling thread (the graph walked, tensors and large arrays copied into host memory) and
    /// returns; the file is then laid out and written atomically in the background, with the bytes a
    /// synchronous save writes. The state may change as soon as this returns. The task ends when the
    /// file is in place; <paramref name="cancellationToken"/> stops the background write between
    /// blocks (the temporary file is deleted and the previous file at <paramref name="path"/> stays).
    /// Await a save before starting the next one to the same path: the one renamed last wins.
    /// </summary>
    /// <returns>The background write; it faults with what a synchronous save would throw, or is cancelled.</returns>
    public static Task SaveAsync(object root, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var snapshot = new CheckpointSnapshot();
        try
        {
            snapshot.Take(root);
        }
        catch
        {
            snapshot.Dispose();
            throw;
        }
        return Task.Run(() =>
        {
            using (snapshot)
                AtomicFile.Write(path, stream => snapshot.WriteTo(CancellableWriteStream.Wrap(stream, cancellationToken)));
        }, CancellationToken.None);
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
        CheckpointFileWriter.Write(stream, writer.Content, WriterVersion);
    }

    /// <summary>
    /// Restores the checkpoint at <paramref name="path"/> into <paramref name="root"/>, which must
    /// be built by the same code that saved it (same root type). Objects, modules and tensors are
    /// restored in place where they exist.
    /// </summary>
    /// <returns>What differed between the file and the code (keys skipped or missing).</returns>
    /// <exception cref="CheckpointFormatException">The file is truncated, damaged, not a checkpoint or too new.</exception>
    /// <exception cref="CheckpointMismatchException">The file does not fit <paramref name="root"/>.</exception>
    /// <exception cref="ConfigurationMismatchException">The file was saved by another experiment (a refused configuration difference) and <see cref="CheckpointLoadOptions.AcceptConfigurationChanges"/> is false.</exception>
    public static RestoreReport Restore(object root, string path, CheckpointLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = Open(CheckpointSource.Open(path), options);
        reader.ReadRoot(root);
        return ConfigurationPolicy.Enforce(reader.Report, reader.Options);
    }

    /// <summary>Restores a checkpoint read from <paramref name="stream"/> (a stream that cannot seek is read into memory first).</summary>
    public static RestoreReport Restore(object root, Stream stream, CheckpointLoadOptions? options = null)
    {
        using var reader = Open(CheckpointSource.Open(stream), options);
        reader.ReadRoot(root);
        return ConfigurationPolicy.Enforce(reader.Report, reader.Options);
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
            return new CheckpointReader(source, CheckpointFile.ReadDirectory(source), options ?? CheckpointLoadOptions.Default);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }
}
