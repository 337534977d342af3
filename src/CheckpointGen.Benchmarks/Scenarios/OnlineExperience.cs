using CheckpointGen.Benchmarks.Data;

namespace CheckpointGen.Benchmarks.Scenarios;

/// <summary>
/// A mini-experience of an online stream (Avalanche's <c>OnlineCLExperience</c>): a few samples cut
/// from a larger experience, trained on in one pass, which keeps the experience it was cut from.
/// </summary>
/// <remarks>
/// Avalanche hides <see cref="OriginExperience"/> and the boundary flags from the strategy during
/// training unless the stream was made with <c>access_task_boundaries=True</c>; here they are always
/// readable (metrics and loggers use them), and <see cref="AccessTaskBoundaries"/> says whether a
/// strategy may. The library's strategies never read them.
/// </remarks>
public sealed class OnlineExperience : Experience
{
    internal OnlineExperience(string streamName, int currentExperience, DatasetView dataset, Experience origin,
        bool isFirstSubExperience, bool isLastSubExperience, int subStreamLength, bool accessTaskBoundaries)
        : base(streamName, currentExperience, dataset, origin.TaskLabel, dataset.Classes, OriginalClassesOf(dataset))
    {
        OriginExperience = origin;
        IsFirstSubExperience = isFirstSubExperience;
        IsLastSubExperience = isLastSubExperience;
        SubStreamLength = subStreamLength;
        AccessTaskBoundaries = accessTaskBoundaries;
    }

    /// <summary>The experience this one was cut from (of the original stream).</summary>
    public Experience OriginExperience { get; }

    /// <summary>Number of samples (Avalanche's <c>subexp_size</c>).</summary>
    public int SubExperienceSize => Dataset.Count;

    /// <summary>True for the first mini-experience cut from <see cref="OriginExperience"/>.</summary>
    public bool IsFirstSubExperience { get; }

    /// <summary>True for the last mini-experience cut from <see cref="OriginExperience"/>.</summary>
    public bool IsLastSubExperience { get; }

    /// <summary>How many mini-experiences were cut from <see cref="OriginExperience"/>.</summary>
    public int SubStreamLength { get; }

    /// <summary>Whether strategies may use the origin and the boundary flags during training (Avalanche's <c>access_task_boundaries</c>).</summary>
    public bool AccessTaskBoundaries { get; }

    /// <summary>The stored labels of the samples (before any class map), ascending.</summary>
    private static int[] OriginalClassesOf(DatasetView dataset)
    {
        var classes = new SortedSet<int>();
        for (int i = 0; i < dataset.Count; i++) classes.Add(dataset.PartAt(i).Source.TargetArray[dataset.SourceIndexAt(i)]);
        return [.. classes];
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{base.ToString()}, cut from {OriginExperience.StreamName} experience {OriginExperience.CurrentExperience}";
}
