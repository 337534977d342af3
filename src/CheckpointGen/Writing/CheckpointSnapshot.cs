namespace CheckpointGen.Writing;

/// <summary>
/// A checkpoint taken but not yet written: the object graph walked into a <see cref="CheckpointContent"/>
/// whose tensors and blocks were copied into a <see cref="SnapshotBuffer"/> (by a <see cref="SnapshotCopier"/>, during the walk). Taking it is all an
/// asynchronous save does on the training thread; hashing and laying out the file
/// (<see cref="WriteTo"/>) happen on the writer's thread, and give the bytes a synchronous save writes.
/// </summary>
/// <remarks>
/// One instance serves save after save: the writer's tables and manifest buffer and the data buffer
/// keep the room they grew to, so that taking a snapshot of the same state again allocates almost
/// nothing. It holds one checkpoint at a time: <see cref="Take"/> must not run while another thread is in <see cref="WriteTo"/>.
/// </remarks>
internal sealed class CheckpointSnapshot : IDisposable
{
    private readonly CheckpointWriter _writer = new();
    private readonly SnapshotBuffer _data = new();
    private readonly SnapshotCopier _copier;

    public CheckpointSnapshot() => _copier = new SnapshotCopier(_data);

    /// <summary>The host memory kept for the data of tensors and blocks and for the manifest.</summary>
    public long Capacity => _data.Capacity + _writer.Content.Area.Capacity;

    /// <summary>Walks <paramref name="root"/> and copies its data, replacing the checkpoint taken before.</summary>
    public void Take(object root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("CheckpointGen writes little-endian data from memory and needs a little-endian machine.");
        _writer.Reset();
        _writer.Content.CopyAsAdded(_copier);
        bool walked = false;
        try
        {
            _writer.WriteGraph(root);
            _writer.ForgetObjects();
            walked = true;
        }
        finally
        {
            _writer.Content.FinishCopy(walked);
        }
    }

    /// <summary>Writes the checkpoint file (see <see cref="CheckpointFileWriter"/>); may be called again for another copy.</summary>
    public void WriteTo(Stream output) => CheckpointFileWriter.Write(output, _writer.Content, Checkpoint.WriterVersion);

    public void Dispose()
    {
        _copier.Dispose();
        _writer.Dispose();
    }
}
