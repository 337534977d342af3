using System.Globalization;

namespace CheckpointGen.Storage;

/// <summary>
/// Checkpoints as files in one folder: <c>checkpoint-000000000012.ckpt</c> for sequence 12, the
/// newest <see cref="Keep"/> kept. Each file is written under a temporary name, flushed to disk,
/// renamed into place and the folder flushed (<see cref="AtomicFile"/>), so a crash leaves the
/// previous checkpoints intact and at worst a temporary file, which is never read and is removed
/// the next time the folder is opened.
/// </summary>
/// <remarks>
/// The folder belongs to one run: opening it takes an OS lock (released on <see cref="Dispose"/>
/// or when the process dies), and a second opener, in this process or another, gets a
/// <see cref="CheckpointException"/> naming the holder's PID, host and start time.
/// Restore with <see cref="CheckpointStorageExtensions.RestoreLatest"/>. A fault of the file system
/// (full, read-only, permission denied, the folder removed, a failed fsync) is a
/// <see cref="CheckpointStorageException"/> naming the file, what happened and what to do.
/// </remarks>
public sealed class FileSystemCheckpointStorage : ICheckpointStorage, IDisposable
{
    /// <summary>Start of every checkpoint file name.</summary>
    public const string FilePrefix = "checkpoint-";

    /// <summary>End of every checkpoint file name.</summary>
    public const string FileExtension = ".ckpt";

    private readonly DirectoryLock _lock;
    private readonly Action<string>? _log;
    private Task? _retention;
    private bool _disposed;

    /// <summary>Opens (creating if needed) and locks <paramref name="directory"/>, then removes temporary files a crashed writer left.</summary>
    /// <param name="directory">The run's checkpoint folder.</param>
    /// <param name="keep">How many checkpoints survive a save (the newest ones); at least 1.</param>
    /// <param name="log">Told about leftovers removed and checkpoints deleted by retention.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="keep"/> is less than 1.</exception>
    /// <exception cref="CheckpointException">Another process, or another open storage in this one, holds the folder.</exception>
    /// <exception cref="CheckpointStorageException">The folder cannot be created or written (read-only, permission denied, full).</exception>
    public FileSystemCheckpointStorage(string directory, int keep = 2, Action<string>? log = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        Directory = Path.GetFullPath(directory);
        Keep = keep;
        _log = log;
        FileSystemFaults.Run(FileStep.CreateFolder, Directory, () => System.IO.Directory.CreateDirectory(Directory));
        _lock = DirectoryLock.Acquire(Directory);
        RemoveLeftovers();
        // Starts a thread-pool worker for the background deletions now: starting a thread waits
        // for it to run, which would otherwise happen inside the first save that deletes.
        _retention = Task.Run(static () => { });
    }

    /// <summary>The folder (full path).</summary>
    public string Directory { get; }

    /// <summary>How many of the newest checkpoints survive a save.</summary>
    public int Keep { get; }

    /// <summary>The file that holds (or would hold) checkpoint <paramref name="sequence"/>.</summary>
    public string PathOf(long sequence)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        return Path.Combine(Directory, string.Create(CultureInfo.InvariantCulture, $"{FilePrefix}{sequence:D12}{FileExtension}"));
    }

    /// <summary>
    /// Writes checkpoint <paramref name="sequence"/> atomically, then deletes what it supersedes:
    /// any checkpoint with a higher sequence (left by a timeline the run abandoned when it resumed
    /// from an older checkpoint; left in place, they would be the ones the next restore picks) at
    /// once, and checkpoints beyond the newest <see cref="Keep"/> in the background. Nothing is
    /// deleted unless the save succeeded.
    /// </summary>
    /// <exception cref="CheckpointStorageException">
    /// The file system failed (the checkpoint is not saved, the temporary file is removed, nothing
    /// else changed), or the folder was removed or replaced since it was opened (its lock file is gone).
    /// </exception>
    /// <remarks>
    /// Unlinking a large file can take as long as the rest of a small save, and the new checkpoint
    /// is already durable by then; so old checkpoints are deleted on a worker thread. Every other member (the next save, <see cref="List"/>, <see cref="Dispose"/>…)
    /// first waits for that deletion and rethrows its failure, so callers never see it half done.
    /// </remarks>
    public void Save(long sequence, Action<Stream> write)
    {
        WaitForRetention();
        ArgumentNullException.ThrowIfNull(write);
        string path = PathOf(sequence);
        EnsureFolderIsOurs();
        AtomicFile.Write(path, write, createFolder: false);
        var listed = ListFiles();
        foreach (var superseded in listed.Where(c => c.Sequence > sequence))
        {
            _log?.Invoke($"Deleting {superseded}: newer than the checkpoint {sequence} just saved, from an abandoned timeline.");
            DeleteFile(superseded, $"Checkpoint {sequence} was saved.");
        }
        var old = listed.Where(c => c.Sequence <= sequence).Skip(Keep).ToArray();
        if (old.Length == 0) return;
        // Told here, on the caller's thread: a log callback need not be thread-safe.
        foreach (var checkpoint in old) _log?.Invoke($"Deleting {checkpoint}: only the newest {Keep} are kept.");
        string saved = $"Checkpoint {sequence} was saved.";
        _retention = Task.Run(() => Array.ForEach(old, checkpoint => DeleteFile(checkpoint, saved)));
    }

    /// <summary>
    /// A folder removed under the run would otherwise be created again by the next save, without
    /// the checkpoints saved before and without this run's lock (the lock is on the removed file),
    /// so that a second run could open it too.
    /// </summary>
    private void EnsureFolderIsOurs()
    {
        string lockFile = Path.Combine(Directory, DirectoryLock.LockFileName);
        if (File.Exists(lockFile)) return;
        string what = System.IO.Directory.Exists(Directory) ? "was removed and created again (its lock file is gone)" : "was removed";
        throw new CheckpointStorageException(StorageFault.LocationMissing, Directory,
            $"The checkpoint folder '{Directory}' {what} while this run was using it, and the checkpoints saved in it went with it. Nothing was saved. " +
            "Something removed it (a clean-up job, a person, another run): find out what and keep it away from the run's folders. " +
            "Running the same command again starts from the beginning, unless the folder is restored from a copy first.");
    }

    /// <summary>Waits for the background deletion of old checkpoints started by the last save, rethrowing its failure.</summary>
    private void WaitForRetention()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_retention is not { } pending) return;
        _retention = null;
        pending.GetAwaiter().GetResult();
    }

    /// <inheritdoc/>
    public IReadOnlyList<CheckpointInfo> List()
    {
        WaitForRetention();
        return ListFiles();
    }

    private List<CheckpointInfo> ListFiles() => FileSystemFaults.Run(FileStep.List, Directory, () =>
    {
        var found = new List<CheckpointInfo>();
        foreach (var file in new DirectoryInfo(Directory).EnumerateFiles($"{FilePrefix}*{FileExtension}"))
        {
            if (TryParseSequence(file.Name, out long sequence))
                found.Add(new CheckpointInfo(sequence, file.Name, file.Length));
        }
        found.Sort((a, b) => b.Sequence.CompareTo(a.Sequence));
        return found;
    });

    /// <inheritdoc/>
    public Stream OpenRead(CheckpointInfo checkpoint)
    {
        WaitForRetention();
        ArgumentNullException.ThrowIfNull(checkpoint);
        string path = FileOf(checkpoint);
        return FileSystemFaults.Run(FileStep.Read, path,
            () => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.RandomAccess));
    }

    /// <inheritdoc/>
    public void Delete(CheckpointInfo checkpoint)
    {
        WaitForRetention();
        ArgumentNullException.ThrowIfNull(checkpoint);
        DeleteFile(checkpoint, "");
    }

    private void DeleteFile(CheckpointInfo checkpoint, string consequence)
    {
        string path = FileOf(checkpoint);
        FileSystemFaults.Run(FileStep.Delete, path, () => File.Delete(path), consequence);
    }

    /// <summary>The file of a listed checkpoint (by its listed name, which need not be zero-padded if a person renamed it).</summary>
    private string FileOf(CheckpointInfo checkpoint)
    {
        if (Path.GetFileName(checkpoint.Name) != checkpoint.Name || !TryParseSequence(checkpoint.Name, out long sequence) || sequence != checkpoint.Sequence)
            throw new ArgumentException($"{checkpoint} is not a checkpoint of this folder (use one from List()).", nameof(checkpoint));
        return Path.Combine(Directory, checkpoint.Name);
    }

    /// <summary>Finishes deleting old checkpoints, then releases the folder lock; the checkpoints kept stay.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        try
        {
            WaitForRetention();
        }
        catch (CheckpointStorageException e)
        {
            // An old checkpoint that could not be deleted stays; the next run's first save deletes it.
            _log?.Invoke($"Could not delete an old checkpoint: {e.Message}");
        }
        finally
        {
            _disposed = true;
            _lock.Dispose();
        }
    }

    private static bool TryParseSequence(string fileName, out long sequence)
    {
        sequence = 0;
        if (fileName.Length <= FilePrefix.Length + FileExtension.Length
            || !fileName.StartsWith(FilePrefix, StringComparison.Ordinal)
            || !fileName.EndsWith(FileExtension, StringComparison.Ordinal)) return false;
        var digits = fileName.AsSpan(FilePrefix.Length, fileName.Length - FilePrefix.Length - FileExtension.Length);
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out sequence);
    }

    /// <summary>Temporary files can only be a dead writer's: this process holds the lock and is not saving yet.</summary>
    private void RemoveLeftovers()
    {
        foreach (var file in new DirectoryInfo(Directory).EnumerateFiles($"*{AtomicFile.TemporarySuffix}"))
        {
            if (!file.Name.StartsWith(FilePrefix, StringComparison.Ordinal) && !file.Name.StartsWith(DirectoryLock.OwnerFileName, StringComparison.Ordinal))
                continue;
            _log?.Invoke($"Removing '{file.Name}', left by a save that did not finish.");
            try { file.Delete(); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}
