using System.IO.Hashing;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Benchmarks.Data;

/// <summary>
/// A labelled dataset held as two CPU tensors: inputs <c>[N, ...]</c> (uint8 or floating point)
/// and integer targets <c>[N]</c>. Samples are addressed by index; subsets, concatenations and
/// benchmark experiences are <see cref="DatasetView"/>s of index arrays over it, never copies.
/// </summary>
public sealed class TensorDataset : IIndexedDataset, IDisposable
{
    private readonly int[] _targets;
    private DatasetFingerprint? _fingerprint;
    private DatasetView? _all;
    private Tensor? _modelInputs;
    private readonly Lock _modelInputsLock = new();

    /// <summary>
    /// Wraps <paramref name="inputs"/> and <paramref name="targets"/> (the dataset takes ownership).
    /// </summary>
    /// <param name="name">Name used in fingerprints and messages.</param>
    /// <param name="split">Split name (<c>train</c>, <c>test</c>, ...).</param>
    /// <param name="inputs">CPU tensor <c>[N, ...]</c>; made contiguous.</param>
    /// <param name="targets">CPU integer tensor <c>[N]</c> of non-negative class labels.</param>
    /// <param name="normalization">How the loader turns stored values into model inputs; null: convert to float only.</param>
    public TensorDataset(string name, string split, Tensor inputs, Tensor targets, PixelNormalization? normalization = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(split);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (inputs.device_type != DeviceType.CPU || targets.device_type != DeviceType.CPU)
            throw new ArgumentException($"Dataset {name}: inputs and targets must be CPU tensors (batches are moved to the training device by the loader).");
        if (inputs.dim() < 1) throw new ArgumentException($"Dataset {name}: inputs need a sample dimension, got a scalar.", nameof(inputs));
        if (targets.dim() != 1 || targets.shape[0] != inputs.shape[0])
            throw new ArgumentException($"Dataset {name}: targets must have shape [{inputs.shape[0]}], got [{string.Join(", ", targets.shape)}].", nameof(targets));
        if (inputs.shape[0] > int.MaxValue) throw new ArgumentException($"Dataset {name}: more than {int.MaxValue} samples.", nameof(inputs));
        if (!torch.is_integral(targets.dtype)) throw new ArgumentException($"Dataset {name}: targets must be integers, got {targets.dtype}.", nameof(targets));

        Name = name;
        Split = split;
        Inputs = inputs.is_contiguous() ? inputs : inputs.contiguous();
        Targets = targets.dtype == ScalarType.Int64 && targets.is_contiguous() ? targets : targets.to_type(ScalarType.Int64).contiguous();
        Normalization = normalization;
        _targets = ToInt32Array(Targets);
        foreach (int t in _targets)
            if (t < 0) throw new ArgumentException($"Dataset {name}: negative class label {t}.", nameof(targets));
        Classes = _targets.Distinct().Order().ToArray();
    }

    /// <summary>The dataset's name.</summary>
    public string Name { get; }

    /// <summary>The split name.</summary>
    public string Split { get; }

    /// <summary>Inputs <c>[N, ...]</c>, contiguous, on the CPU.</summary>
    public Tensor Inputs { get; }

    /// <summary>Targets <c>[N]</c>, int64, on the CPU.</summary>
    public Tensor Targets { get; }

    /// <summary>The loader's input normalisation, or null for a plain float conversion.</summary>
    public PixelNormalization? Normalization { get; }

    /// <summary>
    /// All inputs as the model sees them: float32, normalised; computed once on first use (for MNIST's
    /// training set 188 MB, ~0.1 s), so that a minibatch is a single index_select with no per-batch arithmetic.
    /// </summary>
    public Tensor ModelInputs
    {
        get
        {
            lock (_modelInputsLock)
            {
                if (_modelInputs is null)
                {
                    using var scope = torch.NewDisposeScope();
                    var converted = Inputs.to_type(ScalarType.Float32);
                    if (ReferenceEquals(converted, Inputs)) converted = Inputs.clone();
                    if (Normalization is { } n)
                    {
                        // Scalars held across the calls: a temporary one can be freed mid-call (docs/diagnostics/CKPT0009.md).
                        using var multiplier = n.Multiplier.ToScalar();
                        using var offset = n.Offset.ToScalar();
                        using var one = 1.ToScalar();
                        converted.mul_(multiplier).add_(offset, one);
                    }
                    _modelInputs = converted.DetachFromDisposeScope();
                }
                return _modelInputs;
            }
        }
    }

    /// <summary>The model-input value of a stored 0 (the fill of pixel maps after normalisation).</summary>
    public double ModelZero => Normalization?.Offset ?? 0.0;

    /// <inheritdoc/>
    public int Count => _targets.Length;

    /// <summary>The shape of one input sample.</summary>
    public long[] SampleShape => Inputs.shape[1..];

    /// <summary>Number of scalar values per sample.</summary>
    public long SampleSize => SampleShape.Aggregate(1L, (a, b) => a * b);

    /// <summary>The targets as a managed array (read-only view).</summary>
    public ReadOnlySpan<int> TargetArray => _targets;

    /// <summary>The distinct class labels, ascending.</summary>
    public IReadOnlyList<int> Classes { get; }

    /// <summary>All samples, in order, as a view (the starting point of subsets and benchmarks).</summary>
    public DatasetView All => _all ??= DatasetView.Of(this);

    /// <inheritdoc/>
    public DatasetFingerprint Fingerprint => _fingerprint ??= ComputeFingerprint();

    /// <summary>The 64-bit XxHash3 of inputs (dtype, shape, bytes) and targets, computed once.</summary>
    public ulong ContentHash => Convert.ToUInt64(Fingerprint.ContentHash, 16);

    private DatasetFingerprint ComputeFingerprint()
    {
        var hash = new XxHash3();
        hash.Append(MemoryMarshal.AsBytes<long>([(long)Inputs.dtype, .. Inputs.shape]));
        hash.Append(Inputs.bytes);
        hash.Append(Targets.bytes);
        return new DatasetFingerprint(Name, Split, Count, string.Join("x", SampleShape), hash.GetCurrentHashAsUInt64().ToString("x16"));
    }

    private static int[] ToInt32Array(Tensor int64Targets)
    {
        var longs = MemoryMarshal.Cast<byte, long>(int64Targets.bytes);
        var result = new int[longs.Length];
        for (int i = 0; i < longs.Length; i++)
            result[i] = checked((int)longs[i]);
        return result;
    }

    /// <summary>Releases the tensors.</summary>
    public void Dispose()
    {
        Inputs.Dispose();
        Targets.Dispose();
        _modelInputs?.Dispose();
    }

    /// <inheritdoc/>
    public override string ToString() => Fingerprint.ToString();
}
