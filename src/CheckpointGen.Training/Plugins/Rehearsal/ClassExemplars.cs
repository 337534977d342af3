using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Training.Storage;

namespace CheckpointGen.Training.Plugins.Rehearsal;

/// <summary>iCaRL's exemplars of one class: the samples (in dataset order) and each one's herding rank (1 = picked first).</summary>
[Checkpointable]
public sealed partial class ClassExemplars
{
    private int _label;
    private readonly DatasetSelection _samples = new();
    private int[] _ranks = [];

    // For restoring.
    private ClassExemplars() { }

    /// <summary>Exemplars of class <paramref name="label"/>: the samples of <paramref name="samples"/> with their herding ranks.</summary>
    public ClassExemplars(int label, DatasetView samples, int[] ranks)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (ranks.Length != samples.Count) throw new ArgumentException($"{samples.Count} exemplars but {ranks.Length} ranks.", nameof(ranks));
        _label = label;
        _samples.Replace(samples);
        _ranks = ranks;
    }

    /// <summary>The class.</summary>
    public int Label => _label;

    /// <summary>The exemplars (after a restore, once resolved).</summary>
    public DatasetSelection Samples => _samples;

    /// <summary>Each exemplar's herding rank.</summary>
    public IReadOnlyList<int> Ranks => _ranks;

    /// <summary>Keeps the exemplars ranked <paramref name="count"/> or better (Avalanche's <c>reduce_exemplar_set</c>).</summary>
    public void KeepBest(int count)
    {
        var kept = Enumerable.Range(0, _ranks.Length).Where(i => _ranks[i] <= count).ToArray();
        if (kept.Length == _ranks.Length) return;
        var view = _samples.View ?? throw new InvalidOperationException("The exemplars are not resolved.");
        _samples.Replace(kept.Length == 0 ? null : view.Subset(kept, "icarl"));
        _ranks = kept.Select(i => _ranks[i]).ToArray();
    }
}
