namespace CheckpointGen.Storage;

/// <summary>
/// Where checkpoints live: a folder, an object store, a database. A backend implements only raw
/// operations (atomic save, list, open, delete); choosing the newest checkpoint that verifies,
/// falling back to older ones and saying why is done once for every backend by
/// <see cref="CheckpointStorageExtensions.RestoreLatest"/>.
/// </summary>
/// <remarks>
/// Checkpoints are identified by a sequence number the caller chooses and increases (the training
/// step or the experience counter), so "newest" never depends on clocks. The asynchronous methods
/// have default implementations that run the synchronous ones (a local folder gains nothing from
/// awaiting), so a storage written against the synchronous methods alone keeps working; a network
/// backend overrides them to await its requests and honour the cancellation token.
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

    /// <summary>
    /// <see cref="Save"/>, awaitable and cancellable. A cancelled save leaves no checkpoint (nothing
    /// half-written is listed) and throws <see cref="OperationCanceledException"/>; the checkpoints
    /// saved before stay. <paramref name="write"/> is called once, on the calling thread or a worker.
    /// </summary>
    Task SaveAsync(long sequence, Action<Stream> write, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Save(sequence, write);
        return Task.CompletedTask;
    }

    /// <summary><see cref="List"/>, awaitable and cancellable.</summary>
    Task<IReadOnlyList<CheckpointInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(List());
    }

    /// <summary><see cref="OpenRead"/>, awaitable and cancellable.</summary>
    Task<Stream> OpenReadAsync(CheckpointInfo checkpoint, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(OpenRead(checkpoint));
    }

    /// <summary><see cref="Delete"/>, awaitable and cancellable.</summary>
    Task DeleteAsync(CheckpointInfo checkpoint, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Delete(checkpoint);
        return Task.CompletedTask;
    }
}
