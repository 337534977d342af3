namespace CheckpointGen.Training.Evaluation.Metrics;

/// <summary>Avalanche's Forgetting: per experience, the initial accuracy (right after training on it) and the last one.</summary>
[Checkpointable]
public sealed partial class ForgettingTable
{
    private readonly SortedDictionary<int, double> _initial = [];
    private readonly SortedDictionary<int, double> _last = [];

    /// <summary>Records an initial or a last value for experience <paramref name="key"/>.</summary>
    public void Record(int key, double value, bool initial)
    {
        if (initial) _initial[key] = value;
        else _last[key] = value;
    }

    /// <summary>initial − last for <paramref name="key"/>, or null unless both are known.</summary>
    public double? Difference(int key) =>
        _initial.TryGetValue(key, out double initial) && _last.TryGetValue(key, out double last) ? initial - last : null;

    /// <summary>initial − last for every experience that has both.</summary>
    public IEnumerable<KeyValuePair<int, double>> Differences()
    {
        foreach (var (key, initial) in _initial)
            if (_last.TryGetValue(key, out double last)) yield return new(key, initial - last);
    }

    /// <summary>Forgets the last values (every evaluation starts afresh).</summary>
    public void ResetLast() => _last.Clear();

    /// <summary>Forgets everything.</summary>
    public void Reset()
    {
        _initial.Clear();
        _last.Clear();
    }
}
