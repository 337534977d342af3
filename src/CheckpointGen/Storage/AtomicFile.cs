namespace CheckpointGen.Storage;

/// <summary>
/// Writes a file so that a crash at any moment leaves either the old content or the new one:
/// write a temporary file in the same folder, flush it to disk (fsync), rename it over the target,
/// then flush the folder so that the rename itself survives a power cut.
/// </summary>
public static class AtomicFile
{
    /// <summary>The suffix of temporary files; a leftover one (from a crash) is never read as a checkpoint.</summary>
    public const string TemporarySuffix = ".tmp";

    /// <summary>Writes <paramref name="path"/> atomically with the content <paramref name="write"/> produces.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{path}' has no folder.", nameof(path));
        Directory.CreateDirectory(directory);
        string temporary = $"{full}.{Environment.ProcessId}.{Guid.NewGuid():N}{TemporarySuffix}";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 20))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
            FlushDirectory(directory);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Flushes a folder's entries to disk (fsync on the folder), so that a rename is durable. A no-op where folders cannot be opened (Windows).</summary>
    public static void FlushDirectory(string directory)
    {
        if (OperatingSystem.IsWindows()) return;
        DirectorySync.Fsync(directory);
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
