using CheckpointGen.Torch;
using TorchSharp;

namespace CheckpointGen.Randomness;

/// <summary>
/// torch's default CPU generator as bytes. TorchSharp aborts the whole process when
/// <c>torch.set_rng_state</c> gets a tensor of the wrong dtype or length, so a saved state is
/// checked against the current one's length before it gets anywhere near TorchSharp.
/// </summary>
internal static class TorchCpuRng
{
    public static byte[] GetState()
    {
        using var state = torch.get_rng_state();
        return state.bytes.ToArray();
    }

    /// <summary>Applies <paramref name="saved"/> or throws <see cref="CheckpointMismatchException"/> naming <paramref name="where"/>; never aborts.</summary>
    public static void SetState(ReadOnlySpan<byte> saved, string where)
    {
        using var current = torch.get_rng_state();
        if (saved.Length != current.shape[0])
            throw new CheckpointMismatchException(
                $"Checkpoint {where}: the saved torch CPU RNG state has {saved.Length} bytes; this libtorch's has {current.shape[0]}. It was written by an incompatible libtorch or is damaged.");
        using var state = torch.empty(current.shape, torch.ScalarType.Byte);
        saved.CopyTo(state.bytes);
        RngStateValidation.Check(state, current, "torch CPU RNG state");
        torch.set_rng_state(state);
    }
}
