using CheckpointGen.Reading;

namespace CheckpointGen.Storage;

/// <summary>
/// Checkpoint operations written once for every <see cref="ICheckpointStorage"/> backend.
/// </summary>
public static class CheckpointStorageExtensions
{
    /// <summary>
    /// Saves <paramref name="root"/> as the checkpoint <paramref name="sequence"/> (see <see cref="Checkpoint.Save(object, Stream)"/>);
    /// a <see cref="BackgroundCheckpointStorage"/> takes a snapshot and persists it in the background.
    /// </summary>
    public static void SaveCheckpoint(this ICheckpointStorage storage, long sequence, object root)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(root);
        if (storage is BackgroundCheckpointStorage background) background.SaveCheckpoint(sequence, root);
        else storage.Save(sequence, stream => Checkpoint.Save(root, stream));
    }

    /// <summary>
    /// Restores the newest checkpoint that verifies into <paramref name="root"/>. Each candidate,
    /// newest first, gets a full checksum pass before anything is restored, so a truncated or
    /// corrupted newest checkpoint never half-restores the object: it is passed over, with the
    /// reason, and the one before it is tried.
    /// </summary>
    /// <param name="storage">Where the checkpoints are.</param>
    /// <param name="root">The object graph, built by the same code that saved it.</param>
    /// <param name="options">Device mapping and strictness for the restore.</param>
    /// <param name="log">Told, in a sentence each, about every checkpoint passed over and the one restored.</param>
    /// <returns>The checkpoint restored (none when no checkpoint verifies: the object is untouched) and the rejected ones with reasons.</returns>
    /// <exception cref="CheckpointStorageException">
    /// A checkpoint could not be read because of the storage (permission denied, a device error,
    /// the folder gone). No older checkpoint is tried: the storage, not the file, is at fault, and
    /// resuming from an older checkpoint would make the next save delete the newer one. Nothing is
    /// deleted; <paramref name="root"/> may be partly restored when the fault came during the restore itself.
    /// </exception>
    /// <exception cref="CheckpointMismatchException">
    /// A checkpoint verified but does not fit <paramref name="root"/>. This is not a damaged file, so
    /// no older checkpoint is tried (it would not fit better), and <paramref name="root"/> may be
    /// partly restored: rebuild it before trying anything else.
    /// </exception>
    public static CheckpointRestoreResult RestoreLatest(this ICheckpointStorage storage, object root, CheckpointLoadOptions? options = null, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(root);
        var rejected = new List<RejectedCheckpoint>();
        foreach (var candidate in storage.List())
        {
            Stream stream;
            try
            {
                stream = ReadFault(candidate, () => OpenVerified(storage, candidate));
            }
            catch (Exception e) when (e is CheckpointFormatException or CheckpointStorageException { Fault: StorageFault.LocationMissing })
            {
                // Damaged, or deleted since it was listed: the one before it is the newest usable checkpoint.
                var rejection = new RejectedCheckpoint(candidate, e.Message, e);
                rejected.Add(rejection);
                log?.Invoke($"{rejection}; trying an older one.");
                continue;
            }
            using (stream)
            {
                var report = ReadFault(candidate, () => Checkpoint.Restore(root, stream, options));
                log?.Invoke(rejected.Count == 0
                    ? $"Restored {candidate}: {report}."
                    : $"Restored {candidate} ({rejected.Count} newer one(s) rejected): {report}.");
                return new CheckpointRestoreResult(candidate, report, rejected);
            }
        }
        log?.Invoke(rejected.Count == 0 ? "No checkpoint found: starting from scratch." : $"No checkpoint verifies ({rejected.Count} rejected): starting from scratch.");
        return new CheckpointRestoreResult(null, null, rejected);
    }

    /// <summary>
    /// Runs a read of <paramref name="checkpoint"/>, turning a fault of the storage (raised by the
    /// backend, or by the stream it opened) into a <see cref="CheckpointStorageException"/> that says
    /// what was being read and that nothing was deleted.
    /// </summary>
    private static T ReadFault<T>(CheckpointInfo checkpoint, Func<T> read)
    {
        const string Advice = " Nothing was deleted. Once the storage is repaired, run again; if this checkpoint can never be read again, move it away and the run resumes from the one before.";
        try
        {
            return read();
        }
        catch (Exception e) when (e is CheckpointStorageException || FileSystemFaults.IsFault(e))
        {
            var fault = FileSystemFaults.Wrap(e, FileStep.Read, FileSystemFaults.PathIn(e) ?? checkpoint.Name);
            // A checkpoint that is gone is passed over by the caller, as if it had not been listed.
            if (fault.Fault == StorageFault.LocationMissing) throw fault;
            throw fault.WithContext($"Could not read {checkpoint}: ", Advice);
        }
    }

    /// <summary>
    /// Opens a checkpoint and checks all of it (structure, section and tensor checksums), leaving
    /// the stream positioned at its start. A stream that cannot seek is read into memory once so
    /// that verifying and restoring do not fetch it twice.
    /// </summary>
    private static Stream OpenVerified(ICheckpointStorage storage, CheckpointInfo checkpoint)
    {
        var stream = storage.OpenRead(checkpoint);
        try
        {
            if (!stream.CanSeek)
            {
                var copy = new MemoryStream();
                stream.CopyTo(copy);
                stream.Dispose();
                stream = copy;
                copy.Position = 0;
            }
            long start = stream.Position;
            using (var source = CheckpointSource.Open(stream))
                CheckpointFile.VerifyAll(source);
            stream.Position = start;
            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }
}
