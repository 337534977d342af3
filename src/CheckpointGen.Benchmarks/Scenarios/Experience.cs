using CheckpointGen.Benchmarks.Data;

namespace CheckpointGen.Benchmarks.Scenarios;

/// <summary>One step of a continual-learning stream: the data of this step and what it contains.</summary>
/// <remarks>Not sealed: an <see cref="OnlineExperience"/> is an experience that also knows the one it was cut from.</remarks>
public class Experience
{
    /// <summary>Creates an experience.</summary>
    public Experience(string streamName, int currentExperience, DatasetView dataset, int taskLabel,
        IReadOnlyList<int> classes, IReadOnlyList<int>? originalClasses = null)
    {
        StreamName = streamName;
        CurrentExperience = currentExperience;
        Dataset = dataset;
        TaskLabel = taskLabel;
        Classes = classes;
        OriginalClasses = originalClasses ?? classes;
    }

    /// <summary>The stream this experience belongs to (<c>train</c> or <c>test</c>).</summary>
    public string StreamName { get; }

    /// <summary>Position of this experience in its stream, from 0.</summary>
    public int CurrentExperience { get; }

    /// <summary>The samples of this experience (an index view; labels as the model sees them).</summary>
    public DatasetView Dataset { get; }

    /// <summary>The task label of every sample in this experience.</summary>
    public int TaskLabel { get; }

    /// <summary>The classes in this experience as the model sees them (after any remapping), ascending.</summary>
    public IReadOnlyList<int> Classes { get; }

    /// <summary>The classes in this experience as stored in the source dataset, ascending.</summary>
    public IReadOnlyList<int> OriginalClasses { get; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{StreamName} experience {CurrentExperience}: {Dataset.Count} samples, task {TaskLabel}, classes [{string.Join(", ", Classes)}]";
}
