using System.IO.Hashing;
using TorchSharp;

namespace CheckpointGen.Writing;

/// <summary>A tensor's bytes, read from its own memory when it is a contiguous CPU tensor, else from a contiguous CPU copy made while they are written.</summary>
/// <param name="tensor">The tensor.</param>
/// <param name="length">Its size in bytes, as the tensor table gives it.</param>
internal sealed class TensorSource(torch.Tensor tensor, long length) : DataSource
{
    /// <summary>Bytes hashed and written per step: large enough for few syscalls, small enough to stay in cache between hashing and copying.</summary>
    private const int ChunkBytes = 4 << 20;

    public override long Length { get; } = length;

    private delegate void PieceAction<TState>(ReadOnlySpan<byte> piece, TState state);

    public override ulong WriteTo(Stream output, XxHash3 scratch)
    {
        scratch.Reset();
        ForEachPiece((piece, state) => WriteChunked(state.Output, piece, state.Hasher), (Output: output, Hasher: scratch));
        return scratch.GetCurrentHashAsUInt64();
    }

    public override unsafe CopySource Locate(List<IDisposable> staged)
    {
        if (Length == 0) return CopySource.At(0, 0);
        var source = tensor;
        if (!IsDirect(tensor))
        {
            source = tensor.detach().cpu().contiguous();
            staged.Add(source);
        }
        if (Length <= int.MaxValue)
        {
            fixed (byte* first = source.bytes) return CopySource.At((nint)first, Length);
        }
        // Span<byte> cannot cover more than 2 GiB: the address of the first element is that of a one-element view.
        using var flat = source.view(-1);
        using var head = flat.narrow(0, 0, 1);
        fixed (byte* first = head.bytes) return CopySource.At((nint)first, Length);
    }

    /// <summary>Whether the bytes can be read from the tensor's own memory (a contiguous CPU tensor).</summary>
    private static bool IsDirect(torch.Tensor tensor) => tensor.device_type == DeviceType.CPU && tensor.is_contiguous();

    /// <summary>Hands the tensor's bytes, in order, to <paramref name="action"/>.</summary>
    private void ForEachPiece<TState>(PieceAction<TState> action, TState state)
    {
        if (Length == 0) return;
        using var staged = IsDirect(tensor) ? null : tensor.detach().cpu().contiguous();
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
