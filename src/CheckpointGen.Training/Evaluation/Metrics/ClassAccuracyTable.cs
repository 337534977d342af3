namespace CheckpointGen.Training.Evaluation.Metrics;

/// <summary>
/// Avalanche's ClassAccuracy: accuracy per task and class. Classes are discovered from the targets
/// and stay known: after a reset a known class counts again, with accuracy 0 until it is seen.
/// </summary>
[Checkpointable]
public sealed partial class ClassAccuracyTable
{
    private readonly SortedDictionary<int, SortedSet<int>> _knownClasses = [];
    private readonly SortedDictionary<int, SortedDictionary<int, Mean>> _accuracies = [];

    /// <summary>Adds one prediction of <paramref name="trueClass"/> in task <paramref name="task"/>.</summary>
    public void Update(long predicted, long trueClass, int task)
    {
        int cls = checked((int)trueClass);
        if (!_knownClasses.TryGetValue(task, out var known)) _knownClasses[task] = known = [];
        known.Add(cls);
        MeanOf(task, cls).Update(predicted == trueClass ? 1.0 : 0.0);
    }

    /// <summary>Accuracy of every known class, by task.</summary>
    public SortedDictionary<int, SortedDictionary<int, double>> Result()
    {
        var result = new SortedDictionary<int, SortedDictionary<int, double>>();
        foreach (var (task, classes) in _accuracies)
            result[task] = new SortedDictionary<int, double>(classes.ToDictionary(p => p.Key, p => p.Value.Result()));
        return result;
    }

    /// <summary>Forgets the accuracies; known classes start again at 0.</summary>
    public void Reset()
    {
        _accuracies.Clear();
        foreach (var (task, classes) in _knownClasses)
            foreach (int cls in classes) MeanOf(task, cls);
    }

    private Mean MeanOf(int task, int cls)
    {
        if (!_accuracies.TryGetValue(task, out var classes)) _accuracies[task] = classes = [];
        if (!classes.TryGetValue(cls, out var mean)) classes[cls] = mean = new Mean();
        return mean;
    }
}
