using System.Buffers;

namespace CheckpointGen.Storage.ObjectStores;

/// <summary>
/// A write-only stream that uploads what is written in parts of a fixed size while the writer goes
/// on: at most <c>maxInFlight</c> parts upload while the next one fills, so memory stays at
/// (<c>maxInFlight</c> + 1) parts whatever the object's size. An object of at most
/// <c>singleRequestMaxBytes</c> (which fits those buffers) is kept in them and stored with one PUT
/// instead; parts start only once the object is known to be larger. Nothing is visible until
/// <see cref="Commit"/>; <see cref="Abort"/> (or disposing without committing) discards the parts.
/// </summary>
public sealed class PartUploadStream : Stream
{
    private readonly IObjectUpload _upload;
    private readonly int _partSize;
    private readonly int _maxInFlight;
    private readonly long _singleRequestMax;
    private readonly CancellationToken _cancellation;
    private readonly Queue<(Task Upload, byte[] Buffer)> _inFlight = new();
    private readonly List<byte[]> _held = [];
    private readonly Stack<byte[]> _free = new();
    private byte[] _current;
    private int _filled;
    private int _partsStarted;
    private long _length;
    private bool _finished;

    /// <summary>Starts an upload of parts of <paramref name="partSize"/> bytes through <paramref name="upload"/>.</summary>
    /// <param name="upload">The object being uploaded.</param>
    /// <param name="partSize">Bytes per part (and per buffer).</param>
    /// <param name="maxInFlight">Parts uploading at once while the next one fills.</param>
    /// <param name="cancellationToken">Stops the upload between parts.</param>
    /// <param name="singleRequestMaxBytes">The largest object sent as one PUT; null: the whole buffer budget, (<paramref name="maxInFlight"/> + 1) × <paramref name="partSize"/>.</param>
    public PartUploadStream(IObjectUpload upload, int partSize, int maxInFlight, CancellationToken cancellationToken = default, long? singleRequestMaxBytes = null)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentOutOfRangeException.ThrowIfLessThan(partSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        long budget = (maxInFlight + 1L) * partSize;
        ArgumentOutOfRangeException.ThrowIfNegative(singleRequestMaxBytes ?? 0, nameof(singleRequestMaxBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(singleRequestMaxBytes ?? 0, budget, nameof(singleRequestMaxBytes));
        _upload = upload;
        _partSize = partSize;
        _maxInFlight = maxInFlight;
        _singleRequestMax = singleRequestMaxBytes ?? budget;
        _cancellation = cancellationToken;
        _current = ArrayPool<byte>.Shared.Rent(partSize);
        BuffersRented = 1;
    }

    /// <summary>How many part buffers this stream has held at once at most (memory is this × the part size).</summary>
    public int BuffersRented { get; private set; }

    /// <summary>Parts uploaded or uploading (0 when the object went, or will go, in one PUT).</summary>
    public int PartsStarted => _partsStarted;

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        while (!buffer.IsEmpty)
        {
            if (_filled == _partSize) NextBuffer();
            int n = Math.Min(buffer.Length, _partSize - _filled);
            buffer[..n].CopyTo(_current.AsSpan(_filled));
            _filled += n;
            _length += n;
            buffer = buffer[n..];
        }
    }

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override void WriteByte(byte value) => Write([value]);

    /// <summary>
    /// The current buffer is full and more follows: holds it while the object may still go in one
    /// request, otherwise sends it (and those held) as parts; then takes a free buffer for the next.
    /// </summary>
    private void NextBuffer()
    {
        // A cancelled upload stops between parts, before sending another.
        _cancellation.ThrowIfCancellationRequested();
        if (_partsStarted == 0 && _length < _singleRequestMax)
        {
            _held.Add(_current);
        }
        else
        {
            SendHeld();
            Send(_current, _filled);
        }
        if (_free.TryPop(out var next)) _current = next;
        else
        {
            _current = ArrayPool<byte>.Shared.Rent(_partSize);
            BuffersRented++;
        }
        _filled = 0;
    }

    /// <summary>Sends the buffers held for a single request as the first parts: the object turned out larger.</summary>
    private void SendHeld()
    {
        foreach (var buffer in _held) Send(buffer, _partSize);
        _held.Clear();
    }

    /// <summary>Starts uploading <paramref name="buffer"/> as the next part, first waiting for the oldest part when <c>maxInFlight</c> are uploading.</summary>
    private void Send(byte[] buffer, int length)
    {
        if (_inFlight.Count == _maxInFlight)
        {
            var (oldest, done) = _inFlight.Dequeue();
            oldest.GetAwaiter().GetResult();
            _free.Push(done);
        }
        int number = ++_partsStarted;
        var part = buffer.AsMemory(0, length);
        _inFlight.Enqueue((Task.Run(() => _upload.UploadPartAsync(number, part, _cancellation)), buffer));
    }

    /// <summary>Uploads what remains and commits the object (create-only). Throws what the upload threw; the parts are then discarded.</summary>
    public void Commit() => CommitAsync().GetAwaiter().GetResult();

    /// <summary><see cref="Commit"/>, awaiting the parts in flight and the commit instead of blocking on them.</summary>
    public async Task CommitAsync()
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        try
        {
            if (_partsStarted == 0 && _length <= _singleRequestMax)
            {
                var content = _held.Select(b => (ReadOnlyMemory<byte>)b.AsMemory(0, _partSize)).Append(_current.AsMemory(0, _filled)).ToList();
                await _upload.PutAsync(content, _cancellation).ConfigureAwait(false);
            }
            else
            {
                SendHeld();
                if (_filled > 0)
                {
                    Send(_current, _filled);
                    _current = [];
                }
                while (_inFlight.TryPeek(out var part))
                {
                    await part.Upload.ConfigureAwait(false);
                    _inFlight.Dequeue();
                    _free.Push(part.Buffer);
                }
                await _upload.CommitAsync(_partsStarted, _cancellation).ConfigureAwait(false);
            }
        }
        catch
        {
            Abort();
            throw;
        }
        _finished = true;
        ReturnBuffers();
    }

    /// <summary>Discards the upload: waits for parts in flight (their failures are not the news), then asks the server to drop them.</summary>
    public void Abort()
    {
        if (_finished) return;
        _finished = true;
        foreach (var (upload, _) in _inFlight)
        {
            try { upload.GetAwaiter().GetResult(); }
            catch (Exception) { /* the first failure is already on its way to the caller */ }
        }
        try
        {
            if (_partsStarted > 0) _upload.AbortAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Exception) { /* best effort: servers drop uncommitted parts by themselves */ }
        ReturnBuffers();
    }

    private void ReturnBuffers()
    {
        foreach (var (_, buffer) in _inFlight) ArrayPool<byte>.Shared.Return(buffer);
        _inFlight.Clear();
        foreach (var buffer in _held) ArrayPool<byte>.Shared.Return(buffer);
        _held.Clear();
        while (_free.TryPop(out var buffer)) ArrayPool<byte>.Shared.Return(buffer);
        if (_current.Length > 0) ArrayPool<byte>.Shared.Return(_current);
        _current = [];
    }

    /// <summary>Aborts the upload unless it was committed.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing) Abort();
        base.Dispose(disposing);
    }

    /// <inheritdoc/>
    public override void Flush() { }

    /// <inheritdoc/>
    public override bool CanRead => false;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => !_finished;

    /// <inheritdoc/>
    public override long Length => _length;

    /// <inheritdoc/>
    public override long Position { get => _length; set => throw new NotSupportedException(); }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();
}
