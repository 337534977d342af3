namespace CheckpointGen.Storage;

/// <summary>
/// Where checkpoints live: a folder, an object store, a database. A backend implements only raw
/// operations (atomic save, list, open, delete); choosing the newest checkpoint that verifies,
/// falling back to older ones and saying why is done once for every backend by
/// <see cref="CheckpointStorageExtensions.RestoreLatest"/>.
/// </summary>
/// <remarks>
/// Checkpoints are identified by a sequence number the caller chooses and increases (the training
/// step or the experience counter), so "newest" never depends on clocks.
/// </remarks>
public interface ICheckpointStorage
{
    /// <summary>
    /// Stores a checkpoint under <paramref name="sequence"/> with the bytes <paramref name="write"/>
    /// produces. Must be atomic: a reader (or a crash) never sees a partly written checkpoint, and
    /// a checkpoint with the same sequence is replaced only once the new one is complete. The
    /// backend may then apply its retention policy (delete older checkpoints), never before the
    /// new one is durable.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sequence"/> is negative.</exception>
    void Save(long sequence, Action<Stream> write);

    /// <summary>All complete checkpoints, newest (highest <see cref="CheckpointInfo.Sequence"/>) first. Never lists a partly written one.</summary>
    IReadOnlyList<CheckpointInfo> List();

    /// <summary>Opens a checkpoint from <see cref="List"/> for reading; the caller disposes the stream.</summary>
    Stream OpenRead(CheckpointInfo checkpoint);

    /// <summary>Deletes a checkpoint from <see cref="List"/>; deleting one that is already gone is not an error.</summary>
    void Delete(CheckpointInfo checkpoint);
}
