using TorchSharp;

namespace CheckpointGen.Benchmarks.Data;

/// <summary>
/// The content of one IDX file: an unsigned-byte tensor with the file's dimensions, and the SHA-256
/// of the decompressed file (header included), which is what published checksums of MNIST refer to.
/// </summary>
/// <param name="Data">A CPU uint8 tensor whose shape is <paramref name="Dims"/>; the caller owns it.</param>
/// <param name="Dims">The dimensions from the header (first = item count).</param>
/// <param name="Sha256">SHA-256 of the decompressed bytes.</param>
public sealed record IdxArray(torch.Tensor Data, IReadOnlyList<int> Dims, byte[] Sha256)
{
    /// <summary>The SHA-256 as lower-case hex.</summary>
    public string Sha256Hex => Convert.ToHexStringLower(Sha256);
}
