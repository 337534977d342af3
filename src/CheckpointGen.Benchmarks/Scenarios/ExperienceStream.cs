using System.Collections;

namespace CheckpointGen.Benchmarks.Scenarios;

/// <summary>An ordered, named sequence of experiences (the train or the test stream of a benchmark).</summary>
public sealed class ExperienceStream : IReadOnlyList<Experience>
{
    private readonly Experience[] _experiences;

    /// <summary>Creates a stream; experience <c>i</c> must have <see cref="Experience.CurrentExperience"/> = i.</summary>
    public ExperienceStream(string name, IEnumerable<Experience> experiences)
    {
        Name = name;
        _experiences = experiences.ToArray();
        for (int i = 0; i < _experiences.Length; i++)
            if (_experiences[i].CurrentExperience != i || _experiences[i].StreamName != name)
                throw new ArgumentException($"Experience at position {i} of stream '{name}' is {_experiences[i]}.", nameof(experiences));
    }

    /// <summary>The stream's name.</summary>
    public string Name { get; }

    /// <inheritdoc/>
    public Experience this[int index] => _experiences[index];

    /// <inheritdoc/>
    public int Count => _experiences.Length;

    /// <inheritdoc/>
    public IEnumerator<Experience> GetEnumerator() => ((IEnumerable<Experience>)_experiences).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
