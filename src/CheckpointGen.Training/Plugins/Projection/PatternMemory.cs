using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Benchmarks.Loading;
using CheckpointGen.Randomness;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Plugins.Projection;

/// <summary>
/// Gathers the patterns GEM and A-GEM keep from an experience: the model inputs (normalised as the
/// loader serves them), targets and task labels of chosen positions, as CPU tensors detached from any
/// dispose scope.
/// </summary>
/// <remarks>
/// The memories hold the tensors, as Avalanche's GEM does, rather than indices into the experience's
/// dataset: once training moves on, nothing gives a restored plugin the datasets of past experiences
/// back to resolve indices against (the strategy only ever sees the experience under way).
/// </remarks>
internal static class PatternMemory
{
    public static (Tensor Inputs, Tensor Targets, Tensor TaskLabels) Gather(DatasetView dataset, int[] positions)
    {
        if (positions.Length == 0) throw new ArgumentException("No patterns to keep.", nameof(positions));
        var subset = dataset.Subset(positions);
        using var loader = new MinibatchLoader(subset, positions.Length, seed: 0, position: null, shuffle: false, device: CPU);
        using var batch = loader.NextEpoch().Single();
        return (batch.Inputs.clone().DetachFromDisposeScope(), batch.Targets.clone().DetachFromDisposeScope(), batch.TaskLabels.clone().DetachFromDisposeScope());
    }

    /// <summary>The first <paramref name="count"/> positions of a random permutation of the dataset (all of them, shuffled, when it is smaller).</summary>
    public static int[] RandomPositions(int datasetCount, int count, CheckpointableRandom random)
    {
        var order = ShuffleOrder.Draw(datasetCount, random);
        return order[..Math.Min(count, datasetCount)];
    }
}
