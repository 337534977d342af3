using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Randomness;
using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Storage;

/// <summary>
/// A buffer updated by reservoir sampling (Avalanche's <c>ReservoirSamplingBuffer</c>): every sample
/// ever offered draws a uniform weight once, and the buffer keeps the <see cref="ExemplarsBuffer.MaxSize"/>
/// samples with the largest weights — a uniform random selection from everything seen so far.
/// </summary>
/// <remarks>
/// The buffer is kept sorted by descending weight (ties by position, new samples before old), so
/// shrinking keeps a prefix. Weights come from a <see cref="CheckpointableRandom"/> saved with the
/// buffer, not from the global generator.
/// </remarks>
[Checkpointable]
public sealed partial class ReservoirSamplingBuffer : ExemplarsBuffer
{
    private const string ViewName = "ReservoirSamplingBuffer";

    private readonly DatasetSelection _samples = new();
    private readonly List<double> _weights = [];
    private readonly CheckpointableRandom? _random;

    /// <summary>Creates the buffer; its weights are drawn from a generator seeded from <see cref="RngManager.Random"/> or <paramref name="seed"/>.</summary>
    public ReservoirSamplingBuffer(int maxSize, long? seed = null)
        : this(maxSize, new CheckpointableRandom(seed ?? RngManager.Random.NextInt64()))
    {
    }

    private ReservoirSamplingBuffer(int maxSize, CheckpointableRandom? random) : base(maxSize) => _random = random;

    // For restoring the groups of balanced buffers.
    private ReservoirSamplingBuffer() : this(0, (CheckpointableRandom?)null) { }

    /// <summary>A group of a balanced buffer: it has no generator of its own and draws from its owner's.</summary>
    internal static ReservoirSamplingBuffer Group(int maxSize) => new(maxSize, (CheckpointableRandom?)null);

    /// <inheritdoc/>
    public override DatasetView? Buffer => _samples.View;

    /// <inheritdoc/>
    public override int Count => _samples.Count;

    /// <summary>The samples' weights, descending (the invariant that makes shrinking a prefix).</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <inheritdoc/>
    public override void Update(SupervisedTemplate strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ResolveSources(DatasetSelection.SourcesOf(strategy.Experience.Dataset));
        UpdateFromDataset(strategy.Experience.Dataset);
    }

    /// <summary>Offers every sample of <paramref name="data"/> to the buffer.</summary>
    public void UpdateFromDataset(DatasetView data) =>
        UpdateFromDataset(data, _random ?? throw new InvalidOperationException("This buffer is a group of a balanced buffer; it draws from its owner's generator."));

    /// <summary>Offers every sample of <paramref name="data"/>, drawing the weights from <paramref name="random"/>.</summary>
    internal void UpdateFromDataset(DatasetView data, Random random)
    {
        ArgumentNullException.ThrowIfNull(data);
        var newWeights = new double[data.Count];
        for (int i = 0; i < newWeights.Length; i++) newWeights[i] = random.NextDouble();
        var current = _samples.View;
        var candidates = current is null ? data : DatasetView.Concat([data, current]);
        double[] weights = [.. newWeights, .. _weights];
        var order = Enumerable.Range(0, weights.Length).OrderByDescending(i => weights[i]).ThenBy(i => i).Take(MaxSize).ToArray();
        Set(order.Length == 0 ? null : candidates.Subset(order, ViewName), order.Select(i => weights[i]));
    }

    /// <inheritdoc/>
    public override void Resize(int newSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(newSize);
        MaxSize = newSize;
        if (Count <= newSize) return;
        var current = _samples.View!;
        Set(newSize == 0 ? null : current.Subset(Enumerable.Range(0, newSize).ToArray(), ViewName), _weights.Take(newSize).ToList());
    }

    /// <inheritdoc/>
    public override void ResolveSources(IEnumerable<TensorDataset> sources) => _samples.Resolve(sources);

    private void Set(DatasetView? view, IEnumerable<double> weights)
    {
        var kept = weights.ToList();
        _samples.Replace(view);
        _weights.Clear();
        _weights.AddRange(kept);
    }
}
