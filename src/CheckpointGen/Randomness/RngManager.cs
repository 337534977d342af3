using TorchSharp;

namespace CheckpointGen.Randomness;

/// <summary>
/// The process's random number generators, seeded together and saved in every checkpoint:
/// torch's default CPU generator, the CUDA generators (seeded only, see <see cref="RngRegistry"/>),
/// the managed <see cref="Random"/> the runtime draws from, and any generator registered by name.
/// </summary>
/// <remarks>
/// Global, like Avalanche's RNGManager, because torch's default generators are process-wide: there
/// is exactly one torch CPU stream to save and restore, whoever owns the code that draws from it.
/// The mutable state lives in the instance <see cref="Default"/>; these static methods forward to
/// it, and the checkpoint root includes <see cref="Default"/> (an <see cref="ICheckpointable"/>).
/// </remarks>
public static class RngManager
{
    /// <summary>The process's registry; put it in the checkpoint root to save and restore all RNG state.</summary>
    public static RngRegistry Default { get; } = new();

    /// <summary>The managed generator the runtime uses wherever it needs managed randomness (shuffles, sampling for buffers, …).</summary>
    public static CheckpointableRandom Random => Default.Random;

    /// <inheritdoc cref="RngRegistry.SetRandomSeeds"/>
    public static void SetRandomSeeds(int seed) => Default.SetRandomSeeds(seed);

    /// <inheritdoc cref="RngRegistry.Register(string, torch.Generator)"/>
    public static void Register(string name, torch.Generator generator) => Default.Register(name, generator);

    /// <inheritdoc cref="RngRegistry.Register(string, CheckpointableRandom)"/>
    public static void Register(string name, CheckpointableRandom random) => Default.Register(name, random);

    /// <inheritdoc cref="RngRegistry.Register(string, ICheckpointable, Action{long})"/>
    public static void Register(string name, ICheckpointable generator, Action<long>? reseed = null) => Default.Register(name, generator, reseed);

    /// <inheritdoc cref="RngRegistry.Unregister"/>
    public static bool Unregister(string name) => Default.Unregister(name);
}
