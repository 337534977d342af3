using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Benchmarks.Scenarios;
using TorchSharp;

namespace CheckpointGen.Benchmarks.Classic;

/// <summary>RotatedMNIST: every experience is all of MNIST rotated by its own fixed angle (Avalanche's <c>RotatedMNIST</c>).</summary>
public static class RotatedMnist
{
    /// <summary>
    /// Builds RotatedMNIST. Without <paramref name="rotations"/>, experience i's angle is the i-th
    /// <c>torch.randint(-180, 181)</c> from a <c>torch.Generator</c> seeded with <paramref name="seed"/>
    /// (Avalanche uses numpy, so its angles differ). Rotation is counter-clockwise about the image centre
    /// with nearest-neighbour sampling and zero fill (torchvision's <c>RandomRotation</c> defaults), applied
    /// to each minibatch as a precomputed pixel map.
    /// </summary>
    /// <param name="nExperiences">Number of experiences (angles).</param>
    /// <param name="seed">Seed of the angles; null: fresh entropy.</param>
    /// <param name="rotations">Explicit angles in degrees, one per experience, each in [−180, 180].</param>
    /// <param name="returnTaskId">Task label i for experience i; else 0.</param>
    /// <param name="dataRoot">Where MNIST is (see <see cref="MnistLocator"/>).</param>
    /// <param name="progress">Receives fetch progress lines when MNIST has to be downloaded.</param>
    public static RotatedMnistBenchmark Create(int nExperiences, int? seed = null, IReadOnlyList<int>? rotations = null,
        bool returnTaskId = false, string? dataRoot = null, Action<string>? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nExperiences, 1);
        if (rotations is not null)
        {
            if (rotations.Count != nExperiences)
                throw new ArgumentException($"{rotations.Count} rotations given for {nExperiences} experiences; they must match.", nameof(rotations));
            if (rotations.FirstOrDefault(r => r < -180 || r > 180, int.MinValue) is int bad && bad != int.MinValue)
                throw new ArgumentException($"Rotation {bad}° is outside [-180, 180].", nameof(rotations));
        }
        var angles = new int[nExperiences];
        if (rotations is not null) rotations.ToArray().CopyTo(angles, 0);
        else
            using (var generator = MnistVariantSeed.Generator(seed))
                for (int i = 0; i < nExperiences; i++)
                {
                    using var draw = torch.randint(-180, 181, [1], generator: generator, dtype: torch.ScalarType.Int64);
                    angles[i] = (int)draw.item<long>();
                }

        var train = Mnist.Load(MnistSplit.Train, dataRoot, progress);
        var test = Mnist.Load(MnistSplit.Test, dataRoot, progress);
        var maps = angles.Select(a => PixelMap.Rotation(28, 28, a)).ToList();
        var benchmark = ContinualBenchmark.FromExperienceDatasets("RotatedMNIST",
            maps.Select(m => train.All.WithParts(p => p with { Pixels = m })).ToList(),
            maps.Select(m => test.All.WithParts(p => p with { Pixels = m })).ToList(),
            returnTaskId);
        return new RotatedMnistBenchmark(benchmark, angles);
    }
}
