using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Randomness;
using CheckpointGen.Training.Templates;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Storage;

/// <summary>
/// A buffer balanced over classes (Avalanche's <c>ClassBalancedBuffer</c>): one reservoir-sampled
/// group per class; with an adaptive size the capacity is split over the classes seen so far
/// (ascending class order decides which classes get the remainder); with a fixed size every class
/// gets <c>maxSize / totalNumClasses</c> samples, whenever it arrives.
/// </summary>
/// <remarks>
/// Updated after each mini-experience of an online stream, each class keeps a uniform sample of its
/// samples seen so far. Samples may carry values (DER's logits) that follow them, as in a
/// <see cref="ReservoirSamplingBuffer"/>.
/// </remarks>
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

    /// <summary>Offers the samples of <paramref name="data"/> to the groups of their classes, each with its row of <paramref name="values"/> when given.</summary>
    public void UpdateFromDataset(DatasetView data, Tensor? values = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (values is not null && (values.dim() == 0 || values.shape[0] != data.Count))
            throw new ArgumentException($"The values must have one row per sample: {data.Count} samples, values of shape [{string.Join(", ", values.shape)}].", nameof(values));
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
            using var scope = NewDisposeScope();
            var positions = byClass[c].ToArray();
            var classData = data.Subset(positions);
            var classValues = values?.index_select(0, tensor(positions.Select(p => (long)p).ToArray(), device: values.device));
            if (GroupOf(c) is { } group)
            {
                group.UpdateFromDataset(classData, Random, classValues);
                group.Resize(LengthOf(c));
            }
            else
            {
                SetGroup(c, NewGroup(LengthOf(c), classData, classValues));
            }
        }
        foreach (int key in GroupKeys) GroupOf(key)!.Resize(LengthOf(key));
    }
}
