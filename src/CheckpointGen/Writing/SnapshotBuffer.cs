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

    /// <summary>
    /// The least a part of a copy handed to a core holds: below it, waking another core costs more than
    /// it saves, and a core busy with other work (or preempted) holds the training thread up. Parts are
    /// handed out as cores become free, so a busy core takes fewer of them.
    /// </summary>
    private const int MinBytesPerPart = 4 << 20;

    private static readonly ParallelOptions OnThreadPool = new() { TaskScheduler = TaskScheduler.Default };

    private readonly List<byte[]> _chunks = [];
    private readonly List<long> _starts = [];
    private readonly List<long> _sourceStarts = [];

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
    /// Copies the bytes of <paramref name="sources"/>, one after the other, to the buffer from its
    /// start (growing it when needed), in one pass split among the cores: one core alone copies at a
    /// fraction of the memory bandwidth, and the training thread waits for the copy.
    /// </summary>
    public void CopyIn(List<CopySource> sources)
    {
        _sourceStarts.Clear();
        long total = 0;
        foreach (var source in sources)
        {
            _sourceStarts.Add(total);
            total += source.Length;
        }
        EnsureCapacity(total);
        long parts = Math.Min(total / MinBytesPerPart, 4L * Environment.ProcessorCount);
        if (parts < 2 || Environment.ProcessorCount < 2)
        {
            CopyRange(sources, 0, total);
            return;
        }
        long perPart = (total + parts - 1) / parts;
        Parallel.For(0, (int)parts, OnThreadPool, part =>
        {
            long from = part * perPart;
            CopyRange(sources, from, Math.Min(total, from + perPart));
        });
    }

    /// <summary>Copies the bytes at [<paramref name="from"/>, <paramref name="to"/>) of the sources laid end to end to the same place in the buffer.</summary>
    private void CopyRange(List<CopySource> sources, long from, long to)
    {
        int index = _sourceStarts.BinarySearch(from);
        if (index < 0) index = ~index - 1;
        int chunk = ChunkAt(from);
        for (long at = from; at < to; index++)
        {
            // Zero-length sources share their start with the next one: skip them.
            long sourceEnd = _sourceStarts[index] + sources[index].Length;
            while (at < sourceEnd && at < to)
            {
                long chunkEnd = _starts[chunk] + _chunks[chunk].Length;
                int n = (int)(Math.Min(Math.Min(sourceEnd, to), chunkEnd) - at);
                sources[index].Slice(at - _sourceStarts[index], n).CopyTo(_chunks[chunk].AsSpan((int)(at - _starts[chunk]), n));
                at += n;
                if (at == chunkEnd) chunk++;
            }
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
