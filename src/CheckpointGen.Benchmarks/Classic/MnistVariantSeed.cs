using System.Security.Cryptography;
using TorchSharp;

namespace CheckpointGen.Benchmarks.Classic;

/// <summary>
/// The generator behind PermutedMNIST's permutations and RotatedMNIST's angles: a private
/// <c>torch.Generator</c> seeded with the benchmark seed (the global generator is left alone).
/// </summary>
/// <remarks>
/// Avalanche draws these from <c>numpy.random.RandomState(seed)</c>, whose Mersenne-Twister
/// seeding and permutation algorithm differ from torch's, so the same seed gives different
/// permutations and angles here than in Avalanche; it gives the same ones in every process here.
/// </remarks>
internal static class MnistVariantSeed
{
    public static torch.Generator Generator(int? seed) =>
        new(seed is int s ? (ulong)(uint)s : BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)));
}
