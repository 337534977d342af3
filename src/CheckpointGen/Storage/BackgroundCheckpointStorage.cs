namespace CheckpointGen.Storage;

/// <summary>
/// Asynchronous checkpointing over any storage: <see cref="Save"/> takes a snapshot of the state on
/// the caller's thread (the whole checkpoint serialized into an in-memory buffer that is reused from
/// save to save), returns, and the wrapped storage persists the snapshot on a worker thread. The
/// bytes stored are exactly those a synchronous save writes.
/// </summary>
/// <remarks>
/// At most one save is in flight: the next <see cref="Save"/>, <see cref="List"/>,
/// <see cref="OpenRead"/>, <see cref="Delete"/>, <see cref="WaitForPendingSave"/> and
/// <see cref="Dispose"/> first wait for it and rethrow its failure. The wrapped storage's own
/// atomicity is what makes a kill during the background persist harmless (the previous checkpoint
/// stays). Memory: one buffer as large as the checkpoint, kept between saves.
/// </remarks>
public sealed class BackgroundCheckpointStorage : ICheckpointStorage, IDisposable
{
    private readonly ICheckpointStorage _inner;
    private readonly bool _ownsInner;
    private readonly MemoryStream _snapshot = new();
    private Task? _pending;
    private bool _disposed;

    /// <summary>Wraps <paramref name="inner"/>; disposing this disposes it when <paramref name="ownsInner"/> is true.</summary>
    public BackgroundCheckpointStorage(ICheckpointStorage inner, bool ownsInner = true)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _ownsInner = ownsInner;
    }

    /// <summary>The storage that persists the snapshots.</summary>
    public ICheckpointStorage Inner => _inner;

    /// <summary>True while a snapshot is being persisted.</summary>
    public bool SaveInFlight => _pending is { IsCompleted: false };

    /// <summary>Waits for the previous save, serializes the checkpoint into the snapshot buffer, then persists it in the background.</summary>
    public void Save(long sequence, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        WaitForPendingSave();
        _snapshot.SetLength(0);
        write(_snapshot);
        var bytes = new ReadOnlyMemory<byte>(_snapshot.GetBuffer(), 0, (int)_snapshot.Length);
        _pending = Task.Run(() => _inner.Save(sequence, stream => stream.Write(bytes.Span)));
    }

    /// <summary>Waits until the save in flight (if any) is durable, rethrowing its failure.</summary>
    public void WaitForPendingSave()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_pending is not { } pending) return;
        _pending = null;
        pending.GetAwaiter().GetResult();
    }

    /// <inheritdoc/>
    public IReadOnlyList<CheckpointInfo> List()
    {
        WaitForPendingSave();
        return _inner.List();
    }

    /// <inheritdoc/>
    public Stream OpenRead(CheckpointInfo checkpoint)
    {
        WaitForPendingSave();
        return _inner.OpenRead(checkpoint);
    }

    /// <inheritdoc/>
    public void Delete(CheckpointInfo checkpoint)
    {
        WaitForPendingSave();
        _inner.Delete(checkpoint);
    }

    /// <summary>Waits for the save in flight (rethrowing its failure), then disposes the wrapped storage if this owns it.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        try
        {
            WaitForPendingSave();
        }
        finally
        {
            _disposed = true;
            _snapshot.Dispose();
            if (_ownsInner && _inner is IDisposable disposable) disposable.Dispose();
        }
    }
}
