using System.Collections.Concurrent;

namespace CheckpointGen.Writing;

/// <summary>
/// Copies the tensors and blocks of an asynchronous save into its <see cref="SnapshotBuffer"/> while the
/// training thread is still walking the object graph: each source is queued as it is found and a
/// background thread copies it, so the copy overlaps the walk instead of following it. Sources that do
/// not fit the buffer yet wait for <see cref="Finish"/>, which grows it, queues them and copies what is
/// left with every free core. The layout is the order the sources were added in.
/// </summary>
/// <remarks>
/// This relies on what a save already requires: tensors and arrays handed to the writer do not change
/// until the save returns (<see cref="CheckpointWriter.WritePrimitiveArray{T}(T[])"/>).
/// </remarks>
internal sealed class SnapshotCopier : IDisposable
{
    /// <summary>The most one queued piece holds: small enough that the training thread, once it has emptied the queue, waits little for the piece the copier's thread is on.</summary>
    private const int PieceBytes = 256 << 10;

    /// <summary>Below this much left to copy at <see cref="Finish"/>, the training thread and the copier's thread share it; above, the thread pool helps.</summary>
    private const long ParallelBytes = 16 << 20;

    private readonly SnapshotBuffer _buffer;
    private readonly ConcurrentQueue<Piece> _queue = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly List<(CopySource Source, long At)> _late = [];
    private Thread? _thread;
    private long _next;
    private long _queuedBytes;
    private int _inFlight;
    private Exception? _failure;
    private volatile bool _disposed;

    public SnapshotCopier(SnapshotBuffer buffer) => _buffer = buffer;

    private readonly record struct Piece(CopySource Source, long SourceStart, long At, int Length);

    /// <summary>Starts a snapshot: the next source is copied to the buffer's start.</summary>
    public void Begin()
    {
        Cancel();
        _next = 0;
        _failure = null;
    }

    /// <summary>Queues <paramref name="source"/>'s copy to the next place in the buffer and returns the source that reads it from there.</summary>
    public SnapshotSource Add(CopySource source)
    {
        long at = _next;
        _next += source.Length;
        if (_next <= _buffer.Capacity) Queue(source, at);
        else _late.Add((source, at));
        return new SnapshotSource(_buffer, at, source.Length);
    }

    /// <summary>Copies what is still queued or did not fit, with the calling thread's help, and returns once every byte is in the buffer.</summary>
    public void Finish()
    {
        if (_late.Count > 0)
        {
            // The buffer's chunk list may not change under the copier's thread.
            Drain();
            WaitForInFlight();
            _buffer.EnsureCapacity(_next);
            foreach (var (source, at) in _late) Queue(source, at);
            _late.Clear();
        }
        if (Volatile.Read(ref _queuedBytes) >= ParallelBytes && Environment.ProcessorCount > 2)
            Parallel.For(0, Environment.ProcessorCount - 1, new ParallelOptions { TaskScheduler = TaskScheduler.Default }, _ => Drain());
        else
            Drain();
        WaitForInFlight();
        if (_failure is { } failure) throw new InvalidOperationException("Copying the snapshot's data failed.", failure);
    }

    /// <summary>Drops what is queued and waits for the piece being copied: the sources may be released after this.</summary>
    public void Cancel()
    {
        while (_queue.TryDequeue(out var piece)) Done(piece);
        WaitForInFlight();
        _late.Clear();
    }

    private void Queue(CopySource source, long at)
    {
        if (source.Length == 0) return;
        EnsureThread();
        for (long done = 0; done < source.Length; done += PieceBytes)
        {
            int length = (int)Math.Min(PieceBytes, source.Length - done);
            Interlocked.Increment(ref _inFlight);
            Interlocked.Add(ref _queuedBytes, length);
            _queue.Enqueue(new Piece(source, done, at + done, length));
        }
        _wake.Release();
    }

    private void Drain()
    {
        while (_queue.TryDequeue(out var piece)) Copy(piece);
    }

    private void Copy(Piece piece)
    {
        try
        {
            _buffer.CopyFrom(piece.Source, piece.SourceStart, piece.At, piece.Length);
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref _failure, e, null);
        }
        finally
        {
            Done(piece);
        }
    }

    private void Done(Piece piece)
    {
        Interlocked.Add(ref _queuedBytes, -piece.Length);
        Interlocked.Decrement(ref _inFlight);
    }

    // At most one piece per thread is left once the queue is empty: a short spin, which must never
    // turn into SpinWait's default Sleep(1) (a millisecond, several times the whole snapshot).
    private void WaitForInFlight()
    {
        var spin = new SpinWait();
        while (Volatile.Read(ref _inFlight) > 0) spin.SpinOnce(sleep1Threshold: -1);
    }

    private void EnsureThread()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_thread is not null) return;
        _thread = new Thread(Run) { IsBackground = true, Name = "CheckpointGen snapshot copy" };
        _thread.Start();
    }

    private void Run()
    {
        while (true)
        {
            _wake.Wait();
            if (_disposed) return;
            Drain();
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        Cancel();
        _disposed = true;
        _wake.Release();
    }
}
