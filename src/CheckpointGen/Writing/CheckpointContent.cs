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
    private readonly List<IDisposable> _staged = [];
    private SnapshotCopier? _copier;

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
    /// From now until <see cref="FinishCopy"/>, the tensors and blocks added are copied by <paramref name="copier"/>
    /// into its buffer as they come, and read from there, so that the state may change while the file is written.
    /// </summary>
    public void CopyAsAdded(SnapshotCopier copier)
    {
        copier.Begin();
        _copier = copier;
    }

    /// <summary>Adds a tensor to the data region (copied at once when <see cref="CopyAsAdded"/> is on).</summary>
    public void AddTensor(TensorEntry entry, DataSource bytes) => Tensors.Add((entry, Copied(bytes)));

    /// <summary>Adds a block to the data region (copied at once when <see cref="CopyAsAdded"/> is on).</summary>
    public void AddBlock(DataSource bytes) => Blocks.Add(Copied(bytes));

    private DataSource Copied(DataSource bytes) => _copier is { } copier ? copier.Add(bytes.Locate(_staged)) : bytes;

    /// <summary>
    /// Waits until every byte added since <see cref="CopyAsAdded"/> is in the buffer (or, when <paramref name="completed"/>
    /// is false because the walk failed, until the copy has stopped), then releases the copies made for it and the tensors owned by the content.
    /// </summary>
    public void FinishCopy(bool completed)
    {
        if (_copier is not { } copier) return;
        _copier = null;
        try
        {
            if (completed) copier.Finish();
            else copier.Cancel();
        }
        finally
        {
            foreach (var copy in _staged) copy.Dispose();
            _staged.Clear();
            ReleaseOwned();
        }
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
