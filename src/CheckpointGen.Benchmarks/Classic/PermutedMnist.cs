using System.Runtime.InteropServices;
using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Benchmarks.Scenarios;
using TorchSharp;

namespace CheckpointGen.Benchmarks.Classic;

/// <summary>PermutedMNIST: every experience is all of MNIST with its own fixed pixel permutation (Avalanche's <c>PermutedMNIST</c>).</summary>
public static class PermutedMnist
{
    /// <summary>
    /// Builds PermutedMNIST. Experience i's permutation is the i-th <c>torch.randperm(784)</c> from a
    /// <c>torch.Generator</c> seeded with <paramref name="seed"/> (Avalanche uses numpy, so its permutations differ).
    /// The permutation is applied to each minibatch (index_select), never to a copy of the data.
    /// </summary>
    /// <param name="nExperiences">Number of experiences (permutations).</param>
    /// <param name="seed">Seed of the permutations; null: fresh entropy.</param>
    /// <param name="returnTaskId">Task label i for experience i; else 0.</param>
    /// <param name="dataRoot">Where MNIST is (see <see cref="MnistLocator"/>).</param>
    /// <param name="progress">Receives fetch progress lines when MNIST has to be downloaded.</param>
    public static PermutedMnistBenchmark Create(int nExperiences, int? seed = null, bool returnTaskId = false,
        string? dataRoot = null, Action<string>? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nExperiences, 1);
        var train = Mnist.Load(MnistSplit.Train, dataRoot, progress);
        var test = Mnist.Load(MnistSplit.Test, dataRoot, progress);
        int pixels = (int)train.SampleSize;
        var maps = new List<PixelMap>();
        using (var generator = MnistVariantSeed.Generator(seed))
            for (int i = 0; i < nExperiences; i++)
            {
                using var perm = torch.randperm(pixels, generator: generator, dtype: torch.ScalarType.Int64);
                maps.Add(PixelMap.Permutation(MemoryMarshal.Cast<byte, long>(perm.bytes), $"permutation {i} (seed {seed?.ToString() ?? "none"})"));
            }
        var benchmark = ContinualBenchmark.FromExperienceDatasets("PermutedMNIST",
            maps.Select(m => train.All.WithParts(p => p with { Pixels = m })).ToList(),
            maps.Select(m => test.All.WithParts(p => p with { Pixels = m })).ToList(),
            returnTaskId);
        return new PermutedMnistBenchmark(benchmark, maps);
    }
}
