namespace CheckpointGen;

/// <summary>Base class of every error CheckpointGen raises about a checkpoint.</summary>
public class CheckpointException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CheckpointException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>
/// The checkpoint's bytes are not a valid checkpoint: truncated, corrupted (checksum mismatch),
/// wrong magic, a length or offset that points outside the file, or a format version newer than
/// this reader. The message says what and where. Nothing is constructed from a damaged file.
/// </summary>
public sealed class CheckpointFormatException : CheckpointException
{
    /// <summary>Creates the exception.</summary>
    public CheckpointFormatException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>
/// The checkpoint is valid but does not fit the object it is restored into: a member's stored
/// kind differs from the member's type, a tensor's shape differs from the module parameter it
/// restores, the runtime type of an existing object differs from the saved one, or a CUDA
/// tensor has no device to go to.
/// </summary>
public class CheckpointMismatchException : CheckpointException
{
    /// <summary>Creates the exception.</summary>
    public CheckpointMismatchException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>
/// The checkpoint was saved by another experiment: a <see cref="CheckpointConfigurationAttribute"/>
/// member (the benchmark, a batch size, a coefficient, the seed…) differs, and its policy refuses the
/// change. The objects restored into may be partly restored: rebuild them before anything else.
/// </summary>
public sealed class ConfigurationMismatchException : CheckpointMismatchException
{
    /// <summary>Creates the exception from the differences found.</summary>
    public ConfigurationMismatchException(string message, IReadOnlyList<ConfigurationDifference> differences) : base(message) => Differences = differences;

    /// <summary>Every difference found (warnings included); <see cref="ConfigurationDifference.IsRefused"/> marks the ones that refused the restore.</summary>
    public IReadOnlyList<ConfigurationDifference> Differences { get; }
}
