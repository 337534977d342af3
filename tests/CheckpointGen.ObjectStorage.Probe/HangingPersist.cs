using CheckpointGen.Storage;

namespace CheckpointGen.ObjectStorage.Probe;

/// <summary>
/// A storage that persists through <paramref name="inner"/> but, for checkpoint <paramref name="hangingSequence"/>,
/// stops writing after <paramref name="hangAfterBytes"/> bytes (the persist is then half-way, with real
/// bytes sent) and sets <see cref="Hanging"/>: the state in which the test kills the process.
/// </summary>
public sealed class HangingPersist(ICheckpointStorage inner, long hangingSequence, long hangAfterBytes) : ICheckpointStorage
{
    public ManualResetEventSlim Hanging { get; } = new();

    public void Save(long sequence, Action<Stream> write) => inner.Save(sequence, Hang(sequence, write));

    public Task SaveAsync(long sequence, Action<Stream> write, CancellationToken cancellationToken = default) =>
        inner.SaveAsync(sequence, Hang(sequence, write), cancellationToken);

    private Action<Stream> Hang(long sequence, Action<Stream> write) =>
        sequence != hangingSequence ? write : stream => write(new HangingStream(stream, hangAfterBytes, Hanging));

    public IReadOnlyList<CheckpointInfo> List() => inner.List();

    public Stream OpenRead(CheckpointInfo checkpoint) => inner.OpenRead(checkpoint);

    public void Delete(CheckpointInfo checkpoint) => inner.Delete(checkpoint);

    private sealed class HangingStream(Stream inner, long hangAfterBytes, ManualResetEventSlim hanging) : Stream
    {
        private long _written;

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            int allowed = (int)Math.Min(buffer.Length, Math.Max(0, hangAfterBytes - _written));
            inner.Write(buffer[..allowed]);
            _written += allowed;
            if (allowed == buffer.Length) return;
            inner.Flush();
            hanging.Set();
            Thread.Sleep(Timeout.Infinite);
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Flush() => inner.Flush();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _written;
        public override long Position { get => _written; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
