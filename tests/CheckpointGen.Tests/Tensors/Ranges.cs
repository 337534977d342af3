using TorchSharp;

namespace CheckpointGen.Tests.Tensors;

/// <summary><c>torch.arange(count)</c> with every Scalar held (CKPT0009: TorchSharp's short overloads make their own).</summary>
internal static class Ranges
{
    public static torch.Tensor Of(long count, torch.ScalarType dtype)
    {
        using Scalar start = 0, stop = count, step = 1;
        return torch.arange(start, stop, step, dtype);
    }
}
