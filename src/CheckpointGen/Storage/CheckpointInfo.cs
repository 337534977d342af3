namespace CheckpointGen.Storage;

/// <summary>
/// One complete checkpoint held by an <see cref="ICheckpointStorage"/>.
/// </summary>
/// <param name="Sequence">
/// The caller's monotonically increasing counter (training step, experience counter, …) the
/// checkpoint was saved under; higher is newer.
/// </param>
/// <param name="Name">The backend's name for it (a file name, an object key), for messages.</param>
/// <param name="Length">Its size in bytes, or null when the backend does not know it cheaply.</param>
public sealed record CheckpointInfo(long Sequence, string Name, long? Length = null)
{
    /// <inheritdoc/>
    public override string ToString() => $"checkpoint {Sequence} ({Name})";
}
