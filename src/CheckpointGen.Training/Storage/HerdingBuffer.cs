using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Training.Templates;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Storage;

/// <summary>
/// A buffer balanced over classes whose samples are chosen by herding on the model's features (Avalanche's
/// <c>ParametricBuffer(groupby="class", selection_strategy=HerdingSelectionStrategy(...))</c>). The capacity is
/// split over the classes seen so far, the remainder going to the lowest classes. Whenever a class's share is set
/// (its new samples arrive, or the capacity is split again), its samples are re-ranked by herding with the current
/// model and the first ones kept, as Avalanche's <c>resize</c> does.
/// </summary>
/// <remarks>
/// Avalanche ranks every sample and then keeps the first ones; this ranks only as many as are kept, which gives
/// the same samples (herding's order does not depend on how far it runs).
/// </remarks>
[Checkpointable]
public sealed partial class HerdingBuffer : ExemplarsBuffer
{
    private const string ViewName = "HerdingBuffer";

    private readonly List<HerdingGroup> _groups = [];

    // The model's feature layer: configuration given by the constructor, never changed.
    [CheckpointIgnore] private readonly Func<Tensor, Tensor> _features;

    /// <summary>Creates the buffer.</summary>
    /// <param name="maxSize">Total capacity.</param>
    /// <param name="features">The features herding compares (Avalanche's <c>FeatureExtractorBackbone(model, layer_name)</c>), computed in evaluation mode.</param>
    public HerdingBuffer(int maxSize, Func<Tensor, Tensor> features) : base(maxSize)
    {
        _features = features ?? throw new ArgumentNullException(nameof(features));
    }

    /// <summary>The classes seen, in the order their groups were created.</summary>
    public IReadOnlyList<int> Classes => _groups.Select(g => g.Label).ToList();

    /// <summary>The samples of class <paramref name="label"/>, in herding order, or null.</summary>
    public DatasetView? GroupOf(int label)
    {
        return _groups.Find(g => g.Label == label)?.Samples.View;
    }

    /// <inheritdoc/>
    public override DatasetView? Buffer => CanonicalConcat.Of(_groups.Select(g => g.Samples.View).OfType<DatasetView>().ToList(), ViewName);

    /// <inheritdoc/>
    public override int Count => _groups.Sum(g => g.Samples.Count);

    /// <inheritdoc/>
    public override void Update(SupervisedTemplate strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        var data = strategy.Experience.Dataset;
        ResolveSources(DatasetSelection.SourcesOf(data));
        var byClass = new SortedDictionary<int, List<int>>();
        var targets = data.Targets;
        for (int i = 0; i < targets.Length; i++)
        {
            if (!byClass.TryGetValue(targets[i], out var positions)) byClass[targets[i]] = positions = [];
            positions.Add(i);
        }
        var lengths = LengthsAfter(byClass.Keys);
        bool wasTraining = strategy.Model.training;
        strategy.Model.eval();
        try
        {
            foreach (var (label, positions) in byClass)
            {
                var incoming = data.Subset(positions.ToArray());
                if (_groups.Find(g => g.Label == label) is not { } group)
                {
                    group = new HerdingGroup(label, lengths[label]);
                    _groups.Add(group);
                    group.Samples.Replace(Select(strategy, incoming, group.Capacity));
                }
                else
                {
                    // A class seen again: its samples and the new ones, cut to its former share first.
                    var joined = group.Samples.View is { } old ? CanonicalConcat.Of([old, incoming], ViewName)! : incoming;
                    group.Samples.Replace(Select(strategy, joined, group.Capacity));
                }
            }
            foreach (var group in _groups)
            {
                group.Capacity = lengths[group.Label];
                if (group.Samples.View is { } view) group.Samples.Replace(Select(strategy, view, group.Capacity));
            }
        }
        finally
        {
            strategy.Model.train(wasTraining);
        }
    }

    /// <summary>
    /// Changes the capacity; the groups shrink by keeping the first samples of their last herding order (Avalanche
    /// herds again with the model, which this method, called without a strategy, does not have).
    /// </summary>
    public override void Resize(int newSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(newSize);
        MaxSize = newSize;
        var lengths = LengthsAfter([]);
        foreach (var group in _groups)
        {
            group.Capacity = lengths[group.Label];
            if (group.Samples.View is not { } view || view.Count <= group.Capacity) continue;
            group.Samples.Replace(group.Capacity == 0 ? null : view.Subset(Enumerable.Range(0, group.Capacity).ToArray(), ViewName));
        }
    }

    /// <inheritdoc/>
    public override void ResolveSources(IEnumerable<TensorDataset> sources)
    {
        var list = sources.ToList();
        foreach (var group in _groups) group.Samples.Resolve(list);
    }

    /// <summary>Each class's share of the capacity once <paramref name="arriving"/> are seen too: an even split, the remainder to the lowest classes.</summary>
    private Dictionary<int, int> LengthsAfter(IEnumerable<int> arriving)
    {
        var seen = _groups.Select(g => g.Label).Union(arriving).Order().ToList();
        var lengths = new Dictionary<int, int>();
        for (int i = 0; i < seen.Count; i++) lengths[seen[i]] = MaxSize / seen.Count + (i < MaxSize % seen.Count ? 1 : 0);
        return lengths;
    }

    /// <summary>The first <paramref name="keep"/> samples of <paramref name="data"/> in herding order, or null when none is kept.</summary>
    private DatasetView? Select(SupervisedTemplate strategy, DatasetView data, int keep)
    {
        if (keep == 0 || data.Count == 0) return null;
        using var features = Herding.FeaturesOf(data, Enumerable.Range(0, data.Count).ToArray(), _features, strategy.EvalMbSize, strategy.Device);
        return data.Subset(Herding.Order(features, keep), ViewName);
    }
}
