using System.Runtime.InteropServices;
using TorchSharp;

namespace CheckpointGen.Benchmarks.Scenarios;

/// <summary>
/// Draws from torch's global CPU generator the way Avalanche's scenario builders do
/// (<c>torch.random.manual_seed(seed)</c> when a seed is given, then <c>torch.randperm</c>), so that a
/// seed gives the same class order and assignment here as there.
/// </summary>
/// <remarks>
/// Like Avalanche, seeding changes the global generator for the rest of the process (Avalanche does
/// not save and restore it); code that needs its own reproducible draws afterwards should seed again
/// or use its own generator.
/// </remarks>
internal static class TorchRandom
{
    public static void SeedIfGiven(int? seed)
    {
        if (seed is int s) torch.manual_seed(s);
    }

    /// <summary><c>torch.randperm(n)</c> from the global generator, as managed ints.</summary>
    public static int[] Randperm(int n)
    {
        if (n == 0) return [];
        using var perm = torch.randperm(n, dtype: torch.ScalarType.Int64);
        var longs = MemoryMarshal.Cast<byte, long>(perm.bytes);
        var result = new int[n];
        for (int i = 0; i < n; i++) result[i] = (int)longs[i];
        return result;
    }
}
