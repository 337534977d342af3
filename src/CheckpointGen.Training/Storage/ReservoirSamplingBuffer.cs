using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Randomness;
using CheckpointGen.Training.Templates;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Storage;

/// <summary>
/// A buffer updated by reservoir sampling (Avalanche's <c>ReservoirSamplingBuffer</c>): every sample
/// ever offered draws a uniform weight once, and the buffer keeps the <see cref="ExemplarsBuffer.MaxSize"/>
/// samples with the largest weights — a uniform random selection from everything seen so far.
/// </summary>
/// <remarks>
/// <para>The buffer is kept sorted by descending weight (ties by position, new samples before old), so
/// shrinking keeps a prefix. Weights come from a <see cref="CheckpointableRandom"/> saved with the
/// buffer, not from the global generator.</para>
/// <para>Updated after every mini-experience of an online stream, it stays a uniform sample of
/// everything seen. Samples may carry values (one row of a tensor per sample, such as DER's logits)
/// that follow them through every selection and are saved with the buffer.</para>
/// </remarks>
[Checkpointable]
public sealed partial class ReservoirSamplingBuffer : ExemplarsBuffer
{
    private const string ViewName = "ReservoirSamplingBuffer";

    private readonly DatasetSelection _samples = new();
    private readonly List<double> _weights = [];
    private readonly CheckpointableRandom? _random;
    private Tensor? _values;

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

    /// <summary>The values the samples carry, row i for sample i of <see cref="Buffer"/>, or null when they carry none. Owned by the buffer.</summary>
    public Tensor? Values => _values;

    /// <inheritdoc/>
    public override void Update(SupervisedTemplate strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ResolveSources(DatasetSelection.SourcesOf(strategy.Experience.Dataset));
        UpdateFromDataset(strategy.Experience.Dataset);
    }

    /// <summary>Offers every sample of <paramref name="data"/> to the buffer, each with its row of <paramref name="values"/> when given.</summary>
    /// <param name="data">The samples.</param>
    /// <param name="values">One row per sample (<c>[data.Count, ...]</c>), or null; a buffer whose samples carry values takes only samples that do.</param>
    public void UpdateFromDataset(DatasetView data, Tensor? values = null) =>
        UpdateFromDataset(data, _random ?? throw new InvalidOperationException("This buffer is a group of a balanced buffer; it draws from its owner's generator."), values);

    /// <summary>Offers every sample of <paramref name="data"/>, drawing the weights from <paramref name="random"/>.</summary>
    internal void UpdateFromDataset(DatasetView data, Random random, Tensor? values = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckValues(data, values);
        var newWeights = new double[data.Count];
        for (int i = 0; i < newWeights.Length; i++) newWeights[i] = random.NextDouble();
        var current = _samples.View;
        var candidates = current is null ? data : CanonicalConcat.Of([data, current], ViewName)!;
        double[] weights = [.. newWeights, .. _weights];
        var order = Enumerable.Range(0, weights.Length).OrderByDescending(i => weights[i]).ThenBy(i => i).Take(MaxSize).ToArray();
        Tensor? kept = null;
        if (values is not null && order.Length > 0)
        {
            using var scope = NewDisposeScope();
            var all = _values is null || Count == 0 ? values : cat([values.cpu(), _values], 0);
            kept = all.cpu().index_select(0, tensor(order.Select(i => (long)i).ToArray())).MoveToOuterDisposeScope();
        }
        Set(order.Length == 0 ? null : candidates.Subset(order, ViewName), order.Select(i => weights[i]), kept);
    }

    private void CheckValues(DatasetView data, Tensor? values)
    {
        if (values is not null && (values.dim() == 0 || values.shape[0] != data.Count))
            throw new ArgumentException($"The values must have one row per sample: {data.Count} samples, values of shape [{string.Join(", ", values.shape)}].", nameof(values));
        if (Count == 0 || data.Count == 0) return;
        if ((values is null) != (_values is null))
            throw new ArgumentException(values is null
                ? "The buffer's samples carry values; the new samples must carry them too."
                : "The buffer's samples carry no values; new samples cannot bring some.", nameof(values));
        if (values is not null && !values.shape[1..].SequenceEqual(_values!.shape[1..]))
            throw new ArgumentException($"The new values have rows of shape [{string.Join(", ", values.shape[1..])}], the buffer's [{string.Join(", ", _values.shape[1..])}] (did the model's output grow?).", nameof(values));
    }

    /// <inheritdoc/>
    public override void Resize(int newSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(newSize);
        MaxSize = newSize;
        if (Count <= newSize) return;
        var current = _samples.View!;
        var values = _values is null || newSize == 0 ? null : _values.narrow(0, 0, newSize).clone();
        Set(newSize == 0 ? null : current.Subset(Enumerable.Range(0, newSize).ToArray(), ViewName), _weights.Take(newSize).ToList(), values);
    }

    /// <summary>
    /// Widens the samples' value rows (<c>[Count, width']</c>) to <paramref name="width"/> columns, filling
    /// the new ones with <paramref name="fill"/>: for values that grow with the model, such as the logits
    /// of a classifier that gained units. Narrower targets leave the values as they are.
    /// </summary>
    public void WidenValues(long width, double fill)
    {
        if (_values is null || _values.shape[1] >= width) return;
        if (_values.dim() != 2) throw new InvalidOperationException($"Only value rows (a 2-D tensor) can be widened; these have shape [{string.Join(", ", _values.shape)}].");
        using var scope = NewDisposeScope();
        var wider = nn.functional.pad(_values, [0, width - _values.shape[1]], value: fill).MoveToOuterDisposeScope();
        _values.Dispose();
        _values = wider.DetachFromDisposeScope();
    }

    /// <inheritdoc/>
    public override void ResolveSources(IEnumerable<TensorDataset> sources) => _samples.Resolve(sources);

    private void Set(DatasetView? view, IEnumerable<double> weights, Tensor? values)
    {
        var kept = weights.ToList();
        _samples.Replace(view);
        _weights.Clear();
        _weights.AddRange(kept);
        if (!ReferenceEquals(values, _values)) _values?.Dispose();
        _values = values?.DetachFromDisposeScope();
    }
}
