using System.IO.Hashing;

namespace CheckpointGen.Writing;

/// <summary>The bytes of a tensor or block as copied into a <see cref="SnapshotBuffer"/> when an asynchronous save took its snapshot.</summary>
internal sealed class SnapshotSource(SnapshotBuffer buffer, long offset, long length) : DataSource
{
    /// <summary>Bytes hashed and written per step (stays in L2 between hashing and writing).</summary>
    private const int ChunkBytes = 128 * 1024;

    public override long Length => length;

    public override CopySource Locate(List<IDisposable> staged) =>
        throw new InvalidOperationException("A snapshot's bytes are copied already.");

    public override ulong WriteTo(Stream output, XxHash3 scratch)
    {
        scratch.Reset();
        foreach (var piece in buffer.Pieces(offset, length, ChunkBytes))
        {
            scratch.Append(piece.Span);
            output.Write(piece.Span);
        }
        return scratch.GetCurrentHashAsUInt64();
    }
}
