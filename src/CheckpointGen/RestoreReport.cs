namespace CheckpointGen;

/// <summary>
/// What a restore noticed about schema differences between the file and the code. Keys are
/// reported as <c>TypeName.key</c>, each once, in the order first met (a member removed from a
/// class is one entry, however many of its objects the file holds).
/// </summary>
public sealed class RestoreReport
{
    private readonly List<string> _skipped = [];
    private readonly List<string> _missing = [];
    private readonly HashSet<string> _skippedSet = new(StringComparer.Ordinal);
    private readonly HashSet<string> _missingSet = new(StringComparer.Ordinal);
    private readonly List<ConfigurationDifference> _differences = [];
    private readonly List<string> _missingConfiguration = [];
    private readonly HashSet<string> _configurationSeen = new(StringComparer.Ordinal);

    /// <summary>Keys present in the file that no member of the code reads: skipped.</summary>
    public IReadOnlyList<string> SkippedKeys => _skipped;

    /// <summary>Keys the code reads that the file does not have: those members keep the value they were constructed with.</summary>
    public IReadOnlyList<string> MissingKeys => _missing;

    /// <summary>Configuration members (<see cref="CheckpointConfigurationAttribute"/>) whose saved value differs from this run's, each once, refused and warned ones alike.</summary>
    public IReadOnlyList<ConfigurationDifference> ConfigurationDifferences => _differences;

    /// <summary>Configuration members the file does not record (a checkpoint written before they were): they could not be compared.</summary>
    public IReadOnlyList<string> MissingConfiguration => _missingConfiguration;

    /// <summary>The differences whose policy refuses the restore.</summary>
    public IEnumerable<ConfigurationDifference> RefusedDifferences => _differences.Where(d => d.IsRefused);

    /// <summary>True when the file and the code agree on every key.</summary>
    public bool IsExact => _skipped.Count == 0 && _missing.Count == 0;

    /// <summary>Components (objects) restored.</summary>
    public int ComponentCount { get; internal set; }

    /// <summary>Tensors read from the file.</summary>
    public int TensorCount { get; internal set; }

    /// <summary>Writer version recorded in the file.</summary>
    public Version WriterVersion { get; internal set; } = new();

    internal void Skipped(string key)
    {
        if (_skippedSet.Add(key)) _skipped.Add(key);
    }

    internal void ConfigurationDiffers(ConfigurationDifference difference)
    {
        if (_configurationSeen.Add(difference.Name)) _differences.Add(difference);
    }

    internal void ConfigurationMissing(string key)
    {
        if (_configurationSeen.Add(key)) _missingConfiguration.Add(key);
    }

    internal void Missing(string key)
    {
        if (_missingSet.Add(key)) _missing.Add(key);
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        string text = IsExact ? $"{ComponentCount} components, {TensorCount} tensors, exact match"
            : $"{ComponentCount} components, {TensorCount} tensors; skipped: [{string.Join(", ", _skipped)}]; missing: [{string.Join(", ", _missing)}]";
        return _differences.Count == 0 ? text : $"{text}; configuration differs: [{string.Join("; ", _differences)}]";
    }
}
