namespace CheckpointGen.Writing;

/// <summary>
/// Host memory that an asynchronous save copies tensors and blocks into, allocated once and reused
/// from save to save (it grows when a checkpoint outgrows it, never shrinks). Addressed as one range
/// of bytes, held in chunks of at most 1 GiB so that no array exceeds .NET's limit.
/// </summary>
internal sealed class SnapshotBuffer
{
    private const int MaxChunkBytes = 1 << 30;
    private const int MinChunkBytes = 1 << 20;

    /// <summary>The least a core is given to copy: below it, starting workers costs more than it saves.</summary>
    private const int MinBytesPerWorker = 4 << 20;

    private readonly List<byte[]> _chunks = [];
    private readonly List<long> _starts = [];

    /// <summary>The bytes held.</summary>
    public long Capacity { get; private set; }

    /// <summary>
    /// Makes room for <paramref name="bytes"/>; a growth adds a quarter of the capacity on top (at
    /// least 1 MiB), so that state growing a little at every save (a filling replay buffer) does not
    /// add a chunk every time.
    /// </summary>
    public void EnsureCapacity(long bytes)
    {
        if (bytes <= Capacity) return;
        long target = Math.Max(bytes, Capacity + Math.Max(Capacity / 4, MinChunkBytes));
        while (Capacity < target)
        {
            int size = (int)Math.Min(MaxChunkBytes, Math.Max(target - Capacity, MinChunkBytes));
            _starts.Add(Capacity);
            _chunks.Add(GC.AllocateUninitializedArray<byte>(size));
            Capacity += size;
        }
    }

    /// <summary>
    /// Copies <paramref name="bytes"/> to <paramref name="offset"/> (inside the capacity). A large copy is split
    /// among the cores: one core alone copies at a fraction of the memory bandwidth, and the training thread waits.
    /// </summary>
    public unsafe void Write(long offset, ReadOnlySpan<byte> bytes)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + bytes.Length, Capacity);
        int workers = Math.Min(Environment.ProcessorCount, bytes.Length / MinBytesPerWorker);
        if (workers < 2)
        {
            WriteSequentially(offset, bytes);
            return;
        }
        fixed (byte* first = bytes)
        {
            nint source = (nint)first;
            int length = bytes.Length;
            int perWorker = (length + workers - 1) / workers;
            Parallel.For(0, workers, worker =>
            {
                int start = worker * perWorker;
                int n = Math.Min(perWorker, length - start);
                if (n > 0) WriteSequentially(offset + start, new ReadOnlySpan<byte>((byte*)source + start, n));
            });
        }
    }

    private void WriteSequentially(long offset, ReadOnlySpan<byte> bytes)
    {
        int chunk = ChunkAt(offset);
        while (!bytes.IsEmpty)
        {
            var destination = _chunks[chunk].AsSpan((int)(offset - _starts[chunk]));
            int n = Math.Min(destination.Length, bytes.Length);
            bytes[..n].CopyTo(destination);
            bytes = bytes[n..];
            offset += n;
            chunk++;
        }
    }

    /// <summary>The bytes of [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>) in pieces of at most <paramref name="maxPiece"/>.</summary>
    public IEnumerable<ReadOnlyMemory<byte>> Pieces(long offset, long length, int maxPiece)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + length, Capacity);
        if (length == 0) yield break;
        int chunk = ChunkAt(offset);
        while (length > 0)
        {
            int start = (int)(offset - _starts[chunk]);
            int n = (int)Math.Min(Math.Min(_chunks[chunk].Length - start, length), maxPiece);
            yield return _chunks[chunk].AsMemory(start, n);
            offset += n;
            length -= n;
            if (offset == _starts[chunk] + _chunks[chunk].Length) chunk++;
        }
    }

    private int ChunkAt(long offset)
    {
        int chunk = _starts.Count - 1;
        while (chunk > 0 && _starts[chunk] > offset) chunk--;
        return chunk;
    }
}
