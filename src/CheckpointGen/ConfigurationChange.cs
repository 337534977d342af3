namespace CheckpointGen;

/// <summary>What a restore does when a <see cref="CheckpointConfigurationAttribute"/> member differs from the checkpoint's value.</summary>
public enum ConfigurationChange
{
    /// <summary>The run would be a different experiment: the restore is refused (unless overridden).</summary>
    Refuse,

    /// <summary>A legitimate change on resume (thread count, device, verbosity): reported as a warning.</summary>
    Warn,

    /// <summary>A larger value (a larger epoch budget) is a warning; a smaller one is refused.</summary>
    WarnIfIncreased,
}
