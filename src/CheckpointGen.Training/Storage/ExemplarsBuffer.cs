using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Storage;

/// <summary>
/// A rehearsal memory (Avalanche's <c>ExemplarsBuffer</c>): samples from past experiences, held as
/// indices into their datasets (<see cref="DatasetSelection"/>), never as copies.
/// </summary>
/// <remarks>
/// After a restore the buffer knows its samples by index and fingerprint only; the plugin that owns
/// it calls <see cref="ResolveSources"/> with the datasets of the experience being trained before
/// reading <see cref="Buffer"/>.
/// </remarks>
[RequiresCheckpointing]
[Checkpointable]
public abstract partial class ExemplarsBuffer
{
    private int _maxSize;

    /// <summary>Creates a buffer of at most <paramref name="maxSize"/> samples.</summary>
    protected ExemplarsBuffer(int maxSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxSize);
        _maxSize = maxSize;
    }

    /// <summary>The most samples the buffer holds.</summary>
    public int MaxSize
    {
        get => _maxSize;
        protected set => _maxSize = value;
    }

    /// <summary>The samples in the buffer, or null when it is empty.</summary>
    public abstract DatasetView? Buffer { get; }

    /// <summary>Number of samples in the buffer (known before resolution too).</summary>
    public abstract int Count { get; }

    /// <summary>Updates the buffer with the data of the experience that <paramref name="strategy"/> just trained on.</summary>
    public abstract void Update(SupervisedTemplate strategy);

    /// <summary>Changes the maximum size, dropping samples if the buffer is now too large.</summary>
    public abstract void Resize(int newSize);

    /// <summary>Rebuilds restored selections over <paramref name="sources"/> (see <see cref="DatasetSelection.Resolve"/>).</summary>
    public abstract void ResolveSources(IEnumerable<TensorDataset> sources);
}
