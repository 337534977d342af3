using CheckpointGen.Writing;

namespace CheckpointGen.Storage;

/// <summary>
/// Asynchronous checkpointing over any storage: <see cref="SaveCheckpoint(long, object)"/> takes a snapshot of
/// the state on the caller's thread (the object graph walked, its tensors and large arrays copied
/// into host memory that is reused from save to save), returns, and a worker thread hashes and lays
/// out the file and has the wrapped storage persist it. The bytes stored are exactly those a
/// synchronous save writes. docs/storages.md, "Asynchronous saving", says when it helps and what it costs.
/// </summary>
/// <remarks>
/// At most one snapshot exists at a time: a save requested while the previous one is still being
/// persisted first waits for that persist to end (the wait blocks the caller). The next save,
/// <see cref="List"/>, <see cref="OpenRead"/>, <see cref="Delete"/>, <see cref="WaitForPendingSave"/>
/// and <see cref="Dispose"/> (and their asynchronous forms) wait for the save in flight and rethrow
/// its failure, once. The wrapped storage's own atomicity is what makes a kill during the background
/// persist harmless (the previous checkpoint stays).
/// </remarks>
public sealed class BackgroundCheckpointStorage : ICheckpointStorage, IDisposable, IAsyncDisposable
{
    private readonly ICheckpointStorage _inner;
    private readonly bool _ownsInner;
    private readonly CheckpointSnapshot _snapshot = new();
    private readonly MemoryStream _serialized = new();
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

    /// <summary>The host memory kept for snapshots' tensors, arrays and manifests (it grows to the largest checkpoint's and stays).</summary>
    public long SnapshotBytes => _snapshot.Capacity + _serialized.Capacity;

    /// <summary>
    /// Waits for the previous save, snapshots <paramref name="root"/> (what <see cref="Checkpoint.Save(object, Stream)"/>
    /// would write, with tensors and arrays copied), then writes and persists it in the background.
    /// The state may change as soon as this returns. <see cref="CheckpointStorageExtensions.SaveCheckpoint"/> on this storage comes here.
    /// </summary>
    public void SaveCheckpoint(long sequence, object root) => SaveCheckpoint(sequence, root, CancellationToken.None);

    /// <summary>
    /// <see cref="SaveCheckpoint(long, object)"/> whose background persist <paramref name="cancellationToken"/>
    /// stops: the file's writer stops between the blocks it emits and the wrapped storage's
    /// <see cref="ICheckpointStorage.SaveAsync"/> is cancelled (an upload stops between parts and is
    /// discarded, a temporary file is deleted). A cancelled persist stores nothing and leaves the
    /// checkpoints saved before; it is not a failure, so the waits that follow do not rethrow it.
    /// </summary>
    public void SaveCheckpoint(long sequence, object root, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        WaitForPendingSave();
        _snapshot.Take(root);
        Persist(sequence, stream => _snapshot.WriteTo(CancellableWriteStream.Wrap(stream, cancellationToken)), cancellationToken);
    }

    /// <summary>
    /// Waits for the previous save, runs <paramref name="write"/> into an in-memory buffer (reused
    /// from save to save), then persists those bytes in the background. Prefer
    /// <see cref="SaveCheckpoint(long, object)"/>: it blocks only for the copy of the data, not for hashing and layout.
    /// </summary>
    public void Save(long sequence, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        WaitForPendingSave();
        SerializeAndPersist(sequence, write);
    }

    /// <summary><see cref="Save"/> that waits for the previous save without blocking; <paramref name="cancellationToken"/> cancels that wait only.</summary>
    public async Task SaveAsync(long sequence, Action<Stream> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        await WaitForPendingSaveAsync(cancellationToken).ConfigureAwait(false);
        SerializeAndPersist(sequence, write);
    }

    private void SerializeAndPersist(long sequence, Action<Stream> write)
    {
        _serialized.SetLength(0);
        write(_serialized);
        var bytes = new ReadOnlyMemory<byte>(_serialized.GetBuffer(), 0, (int)_serialized.Length);
        Persist(sequence, stream => stream.Write(bytes.Span), CancellationToken.None);
    }

    private void Persist(long sequence, Action<Stream> write, CancellationToken cancellationToken) =>
        _pending = Task.Run(async () =>
        {
            try
            {
                await _inner.SaveAsync(sequence, write, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Cancelled by the caller: nothing was stored, which is what was asked.
            }
        });

    /// <summary>Waits until the save in flight (if any) is durable, rethrowing its failure.</summary>
    public void WaitForPendingSave()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_pending is not { } pending) return;
        _pending = null;
        pending.GetAwaiter().GetResult();
    }

    /// <summary>Waits until the save in flight (if any) is durable, rethrowing its failure; a cancelled wait leaves the save in flight.</summary>
    public async Task WaitForPendingSaveAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_pending is not { } pending) return;
        try
        {
            await pending.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Its failure is rethrown once; a wait cancelled before the end leaves it to the next call.
            if (pending.IsCompleted && ReferenceEquals(_pending, pending)) _pending = null;
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<CheckpointInfo> List()
    {
        WaitForPendingSave();
        return _inner.List();
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<CheckpointInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        await WaitForPendingSaveAsync(cancellationToken).ConfigureAwait(false);
        return await _inner.ListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Stream OpenRead(CheckpointInfo checkpoint)
    {
        WaitForPendingSave();
        return _inner.OpenRead(checkpoint);
    }

    /// <inheritdoc/>
    public async Task<Stream> OpenReadAsync(CheckpointInfo checkpoint, CancellationToken cancellationToken = default)
    {
        await WaitForPendingSaveAsync(cancellationToken).ConfigureAwait(false);
        return await _inner.OpenReadAsync(checkpoint, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public void Delete(CheckpointInfo checkpoint)
    {
        WaitForPendingSave();
        _inner.Delete(checkpoint);
    }

    /// <inheritdoc/>
    public async Task DeleteAsync(CheckpointInfo checkpoint, CancellationToken cancellationToken = default)
    {
        await WaitForPendingSaveAsync(cancellationToken).ConfigureAwait(false);
        await _inner.DeleteAsync(checkpoint, cancellationToken).ConfigureAwait(false);
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
            Release();
        }
    }

    /// <summary>Waits for the save in flight without blocking (rethrowing its failure), then disposes the wrapped storage if this owns it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        try
        {
            await WaitForPendingSaveAsync().ConfigureAwait(false);
        }
        finally
        {
            Release();
        }
    }

    private void Release()
    {
        _disposed = true;
        _serialized.Dispose();
        _snapshot.Dispose();
        if (_ownsInner && _inner is IDisposable disposable) disposable.Dispose();
    }
}
