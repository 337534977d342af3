namespace CheckpointGen.Storage.ObjectStores;

/// <summary>
/// A seekable read-only stream over buffers read one after the other, without copying them: the
/// body of a request the SDKs can rewind to hash it or to send it again on a retry.
/// </summary>
public sealed class ReadOnlySegmentsStream : Stream
{
    private readonly IReadOnlyList<ReadOnlyMemory<byte>> _segments;
    private readonly long _length;
    private long _position;
    private int _segment;
    private int _offset;

    /// <summary>A stream over <paramref name="segments"/>, which stay the caller's and must not change while it is read.</summary>
    public ReadOnlySegmentsStream(IReadOnlyList<ReadOnlyMemory<byte>> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        _segments = segments;
        foreach (var segment in segments) _length += segment.Length;
    }

    /// <summary>A stream over one buffer.</summary>
    public ReadOnlySegmentsStream(ReadOnlyMemory<byte> content) : this([content]) { }

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        int read = 0;
        while (read < buffer.Length && _segment < _segments.Count)
        {
            var rest = _segments[_segment].Span[_offset..];
            int n = Math.Min(rest.Length, buffer.Length - read);
            rest[..n].CopyTo(buffer[read..]);
            read += n;
            _offset += n;
            if (_offset == _segments[_segment].Length)
            {
                _segment++;
                _offset = 0;
            }
        }
        _position += read;
        return read;
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin)
    {
        long target = origin switch { SeekOrigin.Begin => offset, SeekOrigin.Current => _position + offset, _ => _length + offset };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        _position = Math.Min(target, _length);
        long before = 0;
        _segment = 0;
        while (_segment < _segments.Count && before + _segments[_segment].Length <= _position) before += _segments[_segment++].Length;
        _offset = (int)(_position - before);
        return _position;
    }

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => true;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => _length;

    /// <inheritdoc/>
    public override long Position { get => _position; set => Seek(value, SeekOrigin.Begin); }

    /// <inheritdoc/>
    public override void Flush() { }

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
