using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Randomness;
using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Storage;

/// <summary>
/// A buffer balanced over classes (Avalanche's <c>ClassBalancedBuffer</c>): one reservoir-sampled
/// group per class; with an adaptive size the capacity is split over the classes seen so far
/// (ascending class order decides which classes get the remainder).
/// </summary>
[Checkpointable]
public sealed partial class ClassBalancedBuffer : BalancedExemplarsBuffer
{
    private readonly List<int> _seenClasses = [];

    /// <summary>Creates the buffer.</summary>
    /// <param name="maxSize">Total capacity.</param>
    /// <param name="adaptiveSize">Split the capacity over the classes seen so far.</param>
    /// <param name="totalNumClasses">Without adaptive size: the number of classes to split the capacity over.</param>
    /// <param name="seed">Seed of the sampling generator; null: drawn from <see cref="RngManager.Random"/>.</param>
    public ClassBalancedBuffer(int maxSize, bool adaptiveSize = true, int? totalNumClasses = null, long? seed = null)
        : base(maxSize, adaptiveSize, totalNumClasses, seed)
    {
    }

    /// <summary>The classes seen so far, ascending.</summary>
    public IReadOnlyList<int> SeenClasses => _seenClasses;

    /// <inheritdoc/>
    public override void Update(SupervisedTemplate strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        UpdateFromDataset(strategy.Experience.Dataset);
    }

    /// <summary>Offers the samples of <paramref name="data"/> to the groups of their classes.</summary>
    public void UpdateFromDataset(DatasetView data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Count == 0) return;
        ResolveSources(DatasetSelection.SourcesOf(data));

        // Positions per class, classes in order of first appearance (Python's dict order).
        var byClass = new Dictionary<int, List<int>>();
        var classOrder = new List<int>();
        var targets = data.Targets;
        for (int i = 0; i < targets.Length; i++)
        {
            if (!byClass.TryGetValue(targets[i], out var positions))
            {
                byClass[targets[i]] = positions = [];
                classOrder.Add(targets[i]);
            }
            positions.Add(i);
        }
        foreach (int c in classOrder)
            if (!_seenClasses.Contains(c)) _seenClasses.Add(c);
        _seenClasses.Sort();

        var lengths = GroupLengths(_seenClasses.Count);
        int LengthOf(int c) => lengths[_seenClasses.IndexOf(c)];

        foreach (int c in classOrder)
        {
            var classData = data.Subset(byClass[c].ToArray());
            if (GroupOf(c) is { } group)
            {
                group.UpdateFromDataset(classData, Random);
                group.Resize(LengthOf(c));
            }
            else
            {
                SetGroup(c, NewGroup(LengthOf(c), classData));
            }
        }
        foreach (int key in GroupKeys) GroupOf(key)!.Resize(LengthOf(key));
    }
}
