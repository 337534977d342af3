namespace CheckpointGen.Storage;

/// <summary>
/// Writes a file so that a crash at any moment leaves either the old content or the new one:
/// write a temporary file in the same folder, flush it to disk (fsync), rename it over the target,
/// then flush the folder so that the rename itself survives a power cut.
/// </summary>
/// <remarks>
/// A fault of the file system (full, read-only, permission, folder gone, failed fsync) is a
/// <see cref="CheckpointStorageException"/> naming the step and the file; the temporary file is
/// removed and the target is left as it was. Other exceptions of the writer pass through unchanged.
/// </remarks>
public static class AtomicFile
{
    /// <summary>The suffix of temporary files; a leftover one (from a crash) is never read as a checkpoint.</summary>
    public const string TemporarySuffix = ".tmp";

    /// <summary>Writes <paramref name="path"/> atomically with the content <paramref name="write"/> produces, creating its folder if needed.</summary>
    /// <exception cref="CheckpointStorageException">The file system failed; nothing changed at <paramref name="path"/>.</exception>
    public static void Write(string path, Action<Stream> write) => Write(path, write, createFolder: true);

    /// <summary>Writes <paramref name="path"/> atomically; without <paramref name="createFolder"/> a missing folder is a <see cref="StorageFault.LocationMissing"/> fault.</summary>
    internal static void Write(string path, Action<Stream> write, bool createFolder)
    {
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{path}' has no folder.", nameof(path));
        if (createFolder) FileSystemFaults.Run(FileStep.CreateFolder, directory, () => Directory.CreateDirectory(directory));
        string temporary = $"{full}.{Environment.ProcessId}.{Guid.NewGuid():N}{TemporarySuffix}";
        var stream = FileSystemFaults.Run(FileStep.CreateTemporary, full,
            () => new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 20));
        var step = FileStep.Write;
        try
        {
            write(stream);
            stream.Flush();
            step = FileStep.Flush;
            NativeSync.File(stream);
            stream.Dispose();
            step = FileStep.Rename;
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e)
        {
            DisposeAfterFailure(stream);
            string left = TryDelete(temporary)
                ? "The temporary file was removed; nothing else was changed."
                : $"The temporary file '{Path.GetFileName(temporary)}' could not be removed either; it is never read as a checkpoint, and a checkpoint folder opened again removes it. Nothing else was changed.";
            if (FileSystemFaults.IsFault(e)) throw FileSystemFaults.Wrap(e, step, full, left);
            throw;
        }
        FileSystemFaults.Run(FileStep.FlushFolder, full, () => NativeSync.Directory(directory),
            "The file is complete and in place, but a power cut could still undo its renaming.");
    }

    /// <summary>Flushes a folder's entries to disk (fsync on the folder), so that a rename is durable. A no-op where folders cannot be opened (Windows).</summary>
    /// <exception cref="IOException">The folder cannot be opened or flushed.</exception>
    public static void FlushDirectory(string directory) => NativeSync.Directory(directory);

    /// <summary>
    /// Closes the stream of a failed write without letting its own failure replace the first one:
    /// after a failed write, closing tries to write the buffered rest again and fails the same way.
    /// </summary>
    private static void DisposeAfterFailure(FileStream stream)
    {
        try { stream.Dispose(); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception e) when (FileSystemFaults.IsFault(e))
        {
            return false;
        }
    }
}
