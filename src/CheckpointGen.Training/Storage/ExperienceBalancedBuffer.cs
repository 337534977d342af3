using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Randomness;
using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Storage;

/// <summary>
/// A buffer balanced over experiences (Avalanche's <c>ExperienceBalancedBuffer</c>): after each
/// training experience a reservoir sample of that experience becomes a new group, and the capacity
/// is split again over all groups (each shrinks to its new share).
/// </summary>
[Checkpointable]
public sealed partial class ExperienceBalancedBuffer : BalancedExemplarsBuffer
{
    /// <summary>Creates the buffer.</summary>
    /// <param name="maxSize">Total capacity.</param>
    /// <param name="adaptiveSize">Split the capacity over the experiences seen so far.</param>
    /// <param name="numExperiences">Without adaptive size: the number of experiences to split the capacity over.</param>
    /// <param name="seed">Seed of the sampling generator; null: drawn from <see cref="RngManager.Random"/>.</param>
    public ExperienceBalancedBuffer(int maxSize, bool adaptiveSize = true, int? numExperiences = null, long? seed = null)
        : base(maxSize, adaptiveSize, numExperiences, seed)
    {
    }

    /// <inheritdoc/>
    public override void Update(SupervisedTemplate strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        UpdateFromDataset(strategy.Experience.Dataset, checked((int)strategy.Clock.TrainExpCounter + 1));
    }

    /// <summary>Makes <paramref name="data"/> the group of experience <paramref name="numExperiences"/> − 1 and splits the capacity over that many experiences.</summary>
    public void UpdateFromDataset(DatasetView data, int numExperiences)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(numExperiences, 1);
        ResolveSources(Storage.DatasetSelection.SourcesOf(data));
        var lengths = GroupLengths(numExperiences);
        SetGroup(numExperiences - 1, NewGroup(lengths[^1], data));
        var keys = GroupKeys;
        for (int i = 0; i < keys.Count && i < lengths.Length; i++) GroupOf(keys[i])!.Resize(lengths[i]);
    }
}
