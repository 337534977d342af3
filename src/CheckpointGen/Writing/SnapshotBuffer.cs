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
    /// Copies <paramref name="length"/> bytes of <paramref name="source"/> from <paramref name="sourceStart"/> to
    /// <paramref name="at"/> in the buffer (across its chunks); several threads may copy to different places at once.
    /// </summary>
    public void CopyFrom(CopySource source, long sourceStart, long at, int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(at + length, Capacity);
        int chunk = ChunkAt(at);
        while (length > 0)
        {
            int start = (int)(at - _starts[chunk]);
            int n = Math.Min(_chunks[chunk].Length - start, length);
            source.Slice(sourceStart, n).CopyTo(_chunks[chunk].AsSpan(start, n));
            sourceStart += n;
            at += n;
            length -= n;
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
