using CheckpointGen.Storage;

namespace CheckpointGen;

/// <summary>
/// A checkpoint could not be written or read because of its storage — a full disk, a read-only
/// file system, a permission, a folder removed under the run, a failed fsync — not because of its
/// content. The message names the file (or object), what happened and what to do. Whatever was
/// saved before is untouched: a failed save removes its own temporary file and deletes nothing else.
/// </summary>
/// <remarks>
/// A program that stops because of it should exit with <see cref="ExitCode"/>, so that a wrapper
/// script or a scheduler can tell it from a graceful stop (75) and from a crash.
/// </remarks>
public sealed class CheckpointStorageException : CheckpointException
{
    /// <summary>
    /// The exit code of a run stopped by a storage fault: 74 (EX_IOERR, "an error occurred while
    /// doing I/O"). Fix the storage and run the same command again: it resumes from the newest
    /// checkpoint left.
    /// </summary>
    public const int ExitCode = 74;

    /// <summary>Creates the exception.</summary>
    /// <param name="fault">The kind of fault.</param>
    /// <param name="location">The file, folder or object concerned.</param>
    /// <param name="message">What happened, to what, and what to do.</param>
    /// <param name="inner">The system's exception behind it.</param>
    /// <param name="isTransient">True when the fault can clear without anyone repairing the storage while the run goes on (space freed), so a later save may succeed.</param>
    public CheckpointStorageException(StorageFault fault, string location, string message, Exception? inner = null, bool isTransient = false)
        : base(message, inner)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        Fault = fault;
        Location = location;
        IsTransient = isTransient;
    }

    /// <summary>The kind of fault.</summary>
    public StorageFault Fault { get; }

    /// <summary>The file, folder or object concerned.</summary>
    public string Location { get; }

    /// <summary>True when the fault can clear while the run goes on (a full disk), so saving again later may succeed; false when someone must repair the storage first.</summary>
    public bool IsTransient { get; }

    /// <summary>The same fault with <paramref name="prefix"/> and <paramref name="suffix"/> around its message (a caller adding what it was doing and what the fault means for it).</summary>
    public CheckpointStorageException WithContext(string prefix, string suffix = "") =>
        new(Fault, Location, $"{prefix}{Message}{suffix}", this, IsTransient);
}
