using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Randomness;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Storage;

/// <summary>
/// A buffer made of groups (experiences, classes), each a reservoir-sampled buffer of its own
/// (Avalanche's <c>BalancedExemplarsBuffer</c>). With an adaptive size the capacity is split evenly
/// over the groups seen so far, the remainder going to the first groups; otherwise every group
/// gets <c>maxSize / totalNumGroups</c>.
/// </summary>
[Checkpointable]
public abstract partial class BalancedExemplarsBuffer : ExemplarsBuffer
{
    private readonly bool _adaptiveSize;
    private readonly int _totalNumGroups;
    private readonly List<int> _groupKeys = [];
    private readonly List<ReservoirSamplingBuffer> _groups = [];
    private readonly CheckpointableRandom _random;

    /// <summary>Creates the buffer.</summary>
    /// <param name="maxSize">Total capacity.</param>
    /// <param name="adaptiveSize">Split the capacity over the groups seen so far.</param>
    /// <param name="totalNumGroups">With a fixed size, the number of groups to split the capacity over.</param>
    /// <param name="seed">Seed of the sampling generator; null: drawn from <see cref="RngManager.Random"/>.</param>
    protected BalancedExemplarsBuffer(int maxSize, bool adaptiveSize, int? totalNumGroups, long? seed) : base(maxSize)
    {
        if (adaptiveSize && totalNumGroups is not null)
            throw new ArgumentException("A fixed number of groups is only meaningful without adaptive size.", nameof(totalNumGroups));
        if (!adaptiveSize && totalNumGroups is not > 0)
            throw new ArgumentException("Without adaptive size, give the number of groups to split the capacity over (> 0).", nameof(totalNumGroups));
        _adaptiveSize = adaptiveSize;
        _totalNumGroups = totalNumGroups ?? 0;
        _random = new CheckpointableRandom(seed ?? RngManager.Random.NextInt64());
    }

    /// <summary>True when the capacity is split over the groups seen so far.</summary>
    public bool AdaptiveSize => _adaptiveSize;

    /// <summary>The group keys, in the order the groups were created.</summary>
    public IReadOnlyList<int> GroupKeys => _groupKeys;

    /// <summary>The buffer of group <paramref name="key"/>, or null.</summary>
    public ReservoirSamplingBuffer? GroupOf(int key)
    {
        int i = _groupKeys.IndexOf(key);
        return i < 0 ? null : _groups[i];
    }

    /// <summary>The groups' samples one after the other (in group creation order), or null when empty.</summary>
    public override DatasetView? Buffer
    {
        get
        {
            var views = _groups.Select(g => g.Buffer).Where(v => v is not null).Cast<DatasetView>().ToList();
            return CanonicalConcat.Of(views, GetType().Name);
        }
    }

    /// <inheritdoc/>
    public override int Count => _groups.Sum(g => g.Count);

    /// <summary>
    /// The values the samples carry (see <see cref="ReservoirSamplingBuffer.Values"/>), row i for sample i of
    /// <see cref="Buffer"/>, as a new tensor the caller owns; null when the samples carry none.
    /// </summary>
    public Tensor? Values
    {
        get
        {
            var values = _groups.Where(g => g.Count > 0).Select(g => g.Values).ToList();
            if (values.Count == 0 || values.All(v => v is null)) return null;
            if (values.Any(v => v is null)) throw new InvalidOperationException($"Some groups of the {GetType().Name} carry values and others do not.");
            return cat(values!, 0);
        }
    }

    /// <summary>The sampling generator shared by the groups.</summary>
    protected CheckpointableRandom Random => _random;

    /// <summary>Widens every group's value rows to <paramref name="width"/> columns (see <see cref="ReservoirSamplingBuffer.WidenValues"/>).</summary>
    public void WidenValues(long width, double fill)
    {
        foreach (var group in _groups) group.WidenValues(width, fill);
    }

    /// <summary>Capacities of <paramref name="numGroups"/> groups (Avalanche's <c>get_group_lengths</c>).</summary>
    public int[] GroupLengths(int numGroups)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numGroups);
        if (!_adaptiveSize) return Enumerable.Repeat(MaxSize / _totalNumGroups, numGroups).ToArray();
        if (numGroups == 0) return [];
        var lengths = Enumerable.Repeat(MaxSize / numGroups, numGroups).ToArray();
        int remainder = MaxSize - lengths.Sum();
        for (int i = 0; i < remainder; i++) lengths[i]++;
        return lengths;
    }

    /// <inheritdoc/>
    public override void Resize(int newSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(newSize);
        MaxSize = newSize;
        var lengths = GroupLengths(_groups.Count);
        for (int i = 0; i < _groups.Count; i++) _groups[i].Resize(lengths[i]);
    }

    /// <inheritdoc/>
    public override void ResolveSources(IEnumerable<TensorDataset> sources)
    {
        var list = sources.ToList();
        foreach (var group in _groups) group.ResolveSources(list);
    }

    /// <summary>Replaces group <paramref name="key"/> by <paramref name="group"/>, or appends it.</summary>
    protected void SetGroup(int key, ReservoirSamplingBuffer group)
    {
        int i = _groupKeys.IndexOf(key);
        if (i >= 0) _groups[i] = group;
        else
        {
            _groupKeys.Add(key);
            _groups.Add(group);
        }
    }

    /// <summary>A new group of capacity <paramref name="maxSize"/> filled from <paramref name="data"/> (its samples carrying <paramref name="values"/>, if given).</summary>
    protected ReservoirSamplingBuffer NewGroup(int maxSize, DatasetView data, Tensor? values = null)
    {
        var group = ReservoirSamplingBuffer.Group(maxSize);
        group.UpdateFromDataset(data, _random, values);
        return group;
    }
}
