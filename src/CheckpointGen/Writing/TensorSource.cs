using System.IO.Hashing;
using TorchSharp;

namespace CheckpointGen.Writing;

/// <summary>A tensor's bytes, read from its own memory when it is a contiguous CPU tensor, else from a contiguous CPU copy made while they are written.</summary>
internal sealed class TensorSource(torch.Tensor tensor) : DataSource
{
    /// <summary>Bytes hashed and written per step: large enough for few syscalls, small enough to stay in cache between hashing and copying.</summary>
    private const int ChunkBytes = 4 << 20;

    public override long Length { get; } = checked(tensor.numel() * tensor.ElementSize);

    private delegate void PieceAction<TState>(ReadOnlySpan<byte> piece, TState state);

    public override ulong WriteTo(Stream output, XxHash3 scratch)
    {
        scratch.Reset();
        ForEachPiece((piece, state) => WriteChunked(state.Output, piece, state.Hasher), (Output: output, Hasher: scratch));
        return scratch.GetCurrentHashAsUInt64();
    }

    public override void CopyTo(SnapshotBuffer destination, long offset)
    {
        long done = 0;
        ForEachPiece((piece, _) =>
        {
            destination.Write(offset + done, piece);
            done += piece.Length;
        }, 0);
    }

    /// <summary>Hands the tensor's bytes, in order, to <paramref name="action"/>.</summary>
    private void ForEachPiece<TState>(PieceAction<TState> action, TState state)
    {
        if (Length == 0) return;
        bool direct = tensor.device_type == DeviceType.CPU && tensor.is_contiguous();
        using var staged = direct ? null : tensor.detach().cpu().contiguous();
        var source = staged ?? tensor;
        if (Length <= int.MaxValue)
        {
            action(source.bytes, state);
            return;
        }
        // Span<byte> cannot cover more than 2 GiB: walk a flat view in pieces.
        using var flat = source.view(-1);
        long perPiece = (1L << 30) / source.ElementSize;
        for (long start = 0; start < flat.shape[0]; start += perPiece)
        {
            using var piece = flat.narrow(0, start, Math.Min(perPiece, flat.shape[0] - start));
            action(piece.bytes, state);
        }
    }

    private static void WriteChunked(Stream output, ReadOnlySpan<byte> bytes, XxHash3 hasher)
    {
        while (!bytes.IsEmpty)
        {
            var chunk = bytes[..Math.Min(ChunkBytes, bytes.Length)];
            hasher.Append(chunk);
            output.Write(chunk);
            bytes = bytes[chunk.Length..];
        }
    }
}
