namespace CheckpointGen.Storage;

/// <summary>
/// A write-through stream that checks a <see cref="CancellationToken"/> before each write, so that a
/// checkpoint writer stops between the blocks it emits once its save is cancelled; the storage it
/// writes into then discards what was written (a temporary file, an uncommitted upload).
/// </summary>
internal sealed class CancellableWriteStream(Stream inner, CancellationToken cancellationToken) : Stream
{
    /// <summary><paramref name="output"/> itself when <paramref name="cancellationToken"/> can never be cancelled.</summary>
    public static Stream Wrap(Stream output, CancellationToken cancellationToken) =>
        cancellationToken.CanBeCanceled ? new CancellableWriteStream(output, cancellationToken) : output;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        cancellationToken.ThrowIfCancellationRequested();
        inner.Write(buffer);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void WriteByte(byte value) => Write([value]);

    public override void Flush() => inner.Flush();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => inner.Length;

    public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
