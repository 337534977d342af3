using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Reading;
using CheckpointGen.Writing;

namespace CheckpointGen.Training.Storage;

/// <summary>
/// A selection of samples (a <see cref="DatasetView"/>) that checkpoints as indices into its source
/// datasets plus fingerprints, never as copies of the samples: for each part its source's
/// fingerprint, its input map, class map and task label; for each sample its part and source index;
/// and the fingerprint of the whole view.
/// </summary>
/// <remarks>
/// A restored selection holds the description until <see cref="Resolve"/> is given the source
/// datasets (the template's experiences carry them): it then rebuilds the view and checks that its
/// fingerprint is the saved one, so indices can never silently point at other samples. A source
/// that is missing, or data that differ, are a <see cref="DatasetMismatchException"/>.
/// </remarks>
public sealed class DatasetSelection : ICheckpointable, ICheckpointableFactory<DatasetSelection>
{
    private DatasetView? _view;
    private SavedView? _saved;

    /// <summary>An empty selection.</summary>
    public DatasetSelection() { }

    /// <summary>The samples of <paramref name="view"/> (empty when null or without samples).</summary>
    public DatasetSelection(DatasetView? view) => _view = view is { Count: > 0 } ? view : null;

    static DatasetSelection ICheckpointableFactory<DatasetSelection>.CreateForRestore() => new();

    /// <summary>Number of samples (known before resolution too).</summary>
    public int Count => _view?.Count ?? _saved?.SourceIndices.Length ?? 0;

    /// <summary>False after a restore until <see cref="Resolve"/> has rebuilt the view.</summary>
    public bool IsResolved => _saved is null;

    /// <summary>The samples, or null when empty.</summary>
    /// <exception cref="InvalidOperationException">The selection was restored and not resolved yet.</exception>
    public DatasetView? View => _saved is null
        ? _view
        : throw new InvalidOperationException($"The restored selection '{_saved.Name}' has not been resolved against its source datasets yet; call Resolve first.");

    /// <summary>The fingerprint of the selection (saved or live), or null when empty.</summary>
    public DatasetFingerprint? Fingerprint => _saved?.Fingerprint ?? _view?.Fingerprint;

    /// <summary>
    /// Rebuilds a restored selection over <paramref name="sources"/> (matched by fingerprint) and
    /// checks the result against the saved fingerprint. Does nothing when already resolved.
    /// </summary>
    /// <exception cref="DatasetMismatchException">A source is missing or the rebuilt view differs from the saved one.</exception>
    public void Resolve(IEnumerable<TensorDataset> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        if (_saved is null) return;
        _view = _saved.Rebuild(sources);
        _saved = null;
    }

    /// <summary>Replaces the samples by those of <paramref name="view"/> (empty when null or without samples).</summary>
    public void Replace(DatasetView? view)
    {
        _view = view is { Count: > 0 } ? view : null;
        _saved = null;
    }

    /// <summary>The sources of the parts of <paramref name="views"/>, for <see cref="Resolve"/>.</summary>
    public static IEnumerable<TensorDataset> SourcesOf(params IEnumerable<DatasetView?> views) =>
        views.Where(v => v is not null).SelectMany(v => v!.Parts).Select(p => p.Source).Distinct();

    void ICheckpointable.WriteCheckpoint(CheckpointWriter writer) => SavedView.Write(_saved ?? SavedView.Of(_view), writer);

    void ICheckpointable.ReadCheckpoint(CheckpointReader reader)
    {
        var saved = SavedView.Read(reader);
        // Restoring into a selection that already holds exactly these samples keeps the live view.
        if (saved is not null && _view is not null && saved.Fingerprint == _view.Fingerprint) { _saved = null; return; }
        _view = null;
        _saved = saved;
    }

    /// <inheritdoc/>
    public override string ToString() => Fingerprint?.ToString() ?? "empty selection";
}
