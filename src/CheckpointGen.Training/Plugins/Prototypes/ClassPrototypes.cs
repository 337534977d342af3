using CheckpointGen.Training.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Plugins.Prototypes;

/// <summary>
/// CoPE's prototypical memory (Avalanche's <c>p_mem</c> and <c>tmp_p_mem</c>): one L2-normalized prototype per
/// class; the embeddings of each class seen during an experience are summed, and at its end each such class's
/// prototype moves towards their normalized mean by momentum, <c>p ← normalize(α p + (1 − α) normalize(mean))</c>.
/// Prediction is the class of the nearest prototype (largest dot product).
/// </summary>
/// <remarks>
/// The prototypes grow with the classes when they are created as classes appear; a checkpoint restores them,
/// and the sums of an experience under way, into a freshly built memory. The memory owns its tensors: they are kept
/// out of the callers' dispose scopes (the training iteration's).
/// </remarks>
[Checkpointable]
public sealed partial class ClassPrototypes
{
    [CheckpointConfiguration] private readonly int _size;
    [CheckpointConfiguration] private readonly double _momentum;
    private readonly Dictionary<int, Tensor> _prototypes = new();
    private readonly Dictionary<int, Tensor> _sums = new();
    private readonly Dictionary<int, long> _counts = new();

    /// <summary>Creates an empty memory.</summary>
    /// <param name="size">Features of a prototype (the embedding size).</param>
    /// <param name="momentum">Weight α of the old prototype in the update (Avalanche's <c>alpha</c>).</param>
    public ClassPrototypes(int size, double momentum)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (momentum is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "The momentum must lie in [0, 1].");
        _size = size;
        _momentum = momentum;
    }

    /// <summary>Features of a prototype.</summary>
    public int Size => _size;

    /// <summary>The classes with a prototype, ascending.</summary>
    public IReadOnlyList<int> Classes => _prototypes.Keys.Order().ToList();

    /// <summary>The prototype of <paramref name="label"/> (<c>[1, size]</c>, owned by the memory).</summary>
    public Tensor this[int label] => _prototypes.TryGetValue(label, out var p) ? p : throw new KeyNotFoundException($"Class {label} has no prototype.");

    /// <summary>The prototypes of <see cref="Classes"/>, one row each (a new tensor).</summary>
    public Tensor Stacked() => _prototypes.Count == 0 ? zeros(0, _size) : cat(Classes.Select(c => _prototypes[c]).ToList());

    /// <summary>Gives each class of <paramref name="labels"/> without a prototype a random one (uniform in [−1, 1], normalized; torch's generator).</summary>
    public void AddMissing(IEnumerable<int> labels, Device device)
    {
        using var noGrad = no_grad();
        foreach (int label in labels.Distinct().Order())
        {
            if (_prototypes.ContainsKey(label)) continue;
            using var draw = empty(1, _size).uniform_(-1, 1);
            _prototypes[label] = nn.functional.normalize(draw, p: 2, dim: 1).to(device).detach().DetachFromDisposeScope();
        }
    }

    /// <summary>Adds the rows of <paramref name="embeddings"/> to the running sums of their classes (Avalanche's <c>_update_running_prototypes</c>).</summary>
    public void Accumulate(Tensor embeddings, Tensor targets)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var cpuTargets = targets.cpu();
        var labels = cpuTargets.data<long>().ToArray();
        foreach (long c in labels.Distinct().Order())
        {
            var positions = Enumerable.Range(0, labels.Length).Where(i => labels[i] == c).Select(i => (long)i).ToArray();
            var batchSum = embeddings.index_select(0, tensor(positions, device: embeddings.device)).sum(dim: 0).unsqueeze(0);
            int label = (int)c;
            var sum = _sums.TryGetValue(label, out var previous) ? previous.Plus(batchSum) : batchSum;
            previous?.Dispose();
            _sums[label] = sum.detach().DetachFromDisposeScope();
            _counts[label] = _counts.GetValueOrDefault(label) + positions.Length;
        }
    }

    /// <summary>Moves the prototype of every class summed since the last update towards its normalized mean, then forgets the sums.</summary>
    public void Update()
    {
        using var noGrad = no_grad();
        foreach (var (label, sum) in _sums)
        {
            if (!_prototypes.TryGetValue(label, out var old))
                throw new InvalidOperationException($"Class {label} has no prototype: the prototypes were made for classes 0 to {(_prototypes.Count == 0 ? -1 : _prototypes.Keys.Max())} (CoPE's nClasses) and the data has class {label}.");
            using var scope = NewDisposeScope();
            var increment = nn.functional.normalize(sum.DividedBy(_counts[label]), p: 2, dim: 1);
            var moved = old.Times(_momentum).Plus(increment.Times(1 - _momentum));
            _prototypes[label] = nn.functional.normalize(moved, p: 2, dim: 1).detach().DetachFromDisposeScope();
            old.Dispose();
        }
        foreach (var sum in _sums.Values) sum.Dispose();
        _sums.Clear();
        _counts.Clear();
    }

    /// <summary>
    /// One-hot predictions over <paramref name="numClasses"/> classes: each row of <paramref name="embeddings"/> goes
    /// to the class of the prototype with the largest dot product (the nearest, for normalized vectors; the first on
    /// a tie); classes without a prototype are never predicted. Without any prototype every class gets 1 / numClasses.
    /// </summary>
    public Tensor Predict(Tensor embeddings, int numClasses)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 1);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        long n = embeddings.shape[0];
        var flat = embeddings.reshape(n, -1);
        if (_prototypes.Count == 0)
        {
            using var uniform = (1.0 / numClasses).ToScalar();
            return full(n, numClasses, uniform, flat.dtype, flat.device).MoveToOuterDisposeScope();
        }
        if (_prototypes.Keys.Max() >= numClasses)
            throw new InvalidOperationException($"Class {_prototypes.Keys.Max()} has a prototype but predictions cover {numClasses} classes.");
        var means = zeros(numClasses, _size, flat.dtype, flat.device);
        var missing = ones(numClasses, dtype: ScalarType.Bool, device: flat.device);
        foreach (var (label, prototype) in _prototypes)
        {
            means[label].copy_(prototype[0]);
            missing[label].fill_(HeldScalars.Zero);
        }
        using var minusInfinity = float.NegativeInfinity.ToScalar();
        var scores = PseudoPrototypicalProxyLoss.DotProducts(flat, means).masked_fill(missing.unsqueeze(0), minusInfinity);
        return nn.functional.one_hot(scores.argmax(1), numClasses).to(flat.dtype).MoveToOuterDisposeScope();
    }
}
