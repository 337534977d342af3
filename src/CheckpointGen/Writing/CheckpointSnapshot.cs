namespace CheckpointGen.Writing;

/// <summary>
/// A checkpoint taken but not yet written: the object graph walked into a <see cref="CheckpointContent"/>
/// whose tensors and blocks were copied into a <see cref="SnapshotBuffer"/>. Taking it is all an
/// asynchronous save does on the training thread; hashing and laying out the file
/// (<see cref="WriteTo"/>) happen on the writer's thread, and give the bytes a synchronous save writes.
/// </summary>
internal sealed class CheckpointSnapshot : IDisposable
{
    private readonly CheckpointWriter _writer;

    private CheckpointSnapshot(CheckpointWriter writer) => _writer = writer;

    /// <summary>Walks <paramref name="root"/> and copies its data into <paramref name="buffer"/>, which must not be used by another snapshot until this one is disposed.</summary>
    public static CheckpointSnapshot Take(object root, SnapshotBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("CheckpointGen writes little-endian data from memory and needs a little-endian machine.");
        var writer = new CheckpointWriter();
        try
        {
            writer.WriteGraph(root);
            writer.Content.CopyDataInto(buffer);
            return new CheckpointSnapshot(writer);
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    /// <summary>Writes the checkpoint file (see <see cref="CheckpointFileWriter"/>); may be called again for another copy.</summary>
    public void WriteTo(Stream output) => CheckpointFileWriter.Write(output, _writer.Content, Checkpoint.WriterVersion);

    public void Dispose() => _writer.Dispose();
}
