using CheckpointGen.Format;

namespace CheckpointGen.Writing;

/// <summary>
/// Everything one save collected from the object graph, before a byte of the file is written: the
/// manifest's parts and the sources of the data region (tensors and blocks, still in their owners'
/// memory). <see cref="CheckpointWriter"/> fills it; <see cref="CheckpointFileWriter"/> lays it out as a file.
/// </summary>
internal sealed class CheckpointContent : IDisposable
{
    private readonly List<IDisposable> _owned = [];
    private readonly List<CopySource> _copySources = [];
    private readonly List<IDisposable> _staged = [];

    /// <summary>Member keys and type names, each stored once.</summary>
    public StringTable Strings { get; } = new();

    /// <summary>The component directory; component 0 is the root.</summary>
    public RentedList<ComponentEntry> Components { get; } = new();

    /// <summary>The row-group table: the components stored as rows of object columns.</summary>
    public List<RowGroup> RowGroups { get; } = [];

    /// <summary>The component area: every component's member list.</summary>
    public ByteSink Area { get; } = new();

    /// <summary>The tensors in file order: what the tensor table says of each (offset and hash are filled in when the file is written) and its bytes.</summary>
    public List<(TensorEntry Entry, DataSource Bytes)> Tensors { get; } = [];

    /// <summary>The blocks in file order.</summary>
    public List<DataSource> Blocks { get; } = [];

    /// <summary>Disposes <paramref name="value"/> with the content (a tensor made only for this checkpoint).</summary>
    public void Own(IDisposable value) => _owned.Add(value);

    /// <summary>
    /// Copies the bytes of every tensor and block into <paramref name="buffer"/> (one after the other
    /// from its start, growing it when needed) and reads them from there from now on, so that the
    /// state may change while the file is written; the tensors owned by the content are released.
    /// </summary>
    public void CopyDataInto(SnapshotBuffer buffer)
    {
        try
        {
            long offset = 0;
            for (int i = 0; i < Tensors.Count; i++)
            {
                var (entry, bytes) = Tensors[i];
                Tensors[i] = (entry, Locate(buffer, bytes, ref offset));
            }
            for (int i = 0; i < Blocks.Count; i++) Blocks[i] = Locate(buffer, Blocks[i], ref offset);
            buffer.CopyIn(_copySources);
        }
        finally
        {
            _copySources.Clear();
            foreach (var copy in _staged) copy.Dispose();
            _staged.Clear();
        }
        ReleaseOwned();
    }

    /// <summary>Adds <paramref name="bytes"/> to the copy at <paramref name="offset"/> and returns the source that will read them from the buffer.</summary>
    private SnapshotSource Locate(SnapshotBuffer buffer, DataSource bytes, ref long offset)
    {
        _copySources.Add(bytes.Locate(_staged));
        var copy = new SnapshotSource(buffer, offset, bytes.Length);
        offset += bytes.Length;
        return copy;
    }

    private void ReleaseOwned()
    {
        foreach (var value in _owned) value.Dispose();
        _owned.Clear();
    }

    /// <summary>Empties the content for the next save and keeps the room its buffers took.</summary>
    public void Clear()
    {
        Strings.Clear();
        Components.Clear();
        RowGroups.Clear();
        Area.Clear();
        Tensors.Clear();
        Blocks.Clear();
        ReleaseOwned();
    }

    public void Dispose()
    {
        Area.Dispose();
        Components.Dispose();
        Tensors.Clear();
        Blocks.Clear();
        ReleaseOwned();
    }
}
