namespace CheckpointGen.Training.Checkpointing;

/// <summary>
/// What <see cref="CheckpointPlugin"/> does when a save fails because of its storage (a
/// <see cref="CheckpointStorageException"/>): stop the run there (<see cref="Stop"/>, the default),
/// or, for faults that can clear while the run goes on (a full disk), train on and try again at
/// the next save the schedule asks for (<see cref="RetryTransient"/>).
/// </summary>
/// <remarks>
/// Faults that need someone to repair the storage (read-only, permission denied, the folder
/// removed, a failed fsync, a device error) always stop the run, and so does any failed save once
/// a graceful stop was requested: that save is the run's last. docs/checkpointing-guide.md
/// ("When a save fails") gives the reasons per fault.
/// </remarks>
public sealed class SaveFailurePolicy
{
    private SaveFailurePolicy(int maxConsecutiveFailures) => MaxConsecutiveFailures = maxConsecutiveFailures;

    /// <summary>Every failed save stops the run, with the checkpoints saved before intact.</summary>
    public static SaveFailurePolicy Stop { get; } = new(0);

    /// <summary>
    /// A save that failed because of a transient fault (<see cref="CheckpointStorageException.IsTransient"/>:
    /// a full disk or quota) is logged, and training goes on; the next scheduled save (the next
    /// N iterations, or the next evaluation) tries again. After <paramref name="maxConsecutiveFailures"/>
    /// failed saves in a row the next failure stops the run: all that time, a kill would lose
    /// everything since the last saved checkpoint.
    /// </summary>
    public static SaveFailurePolicy RetryTransient(int maxConsecutiveFailures = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConsecutiveFailures, 1);
        return new SaveFailurePolicy(maxConsecutiveFailures);
    }

    /// <summary>How many failed saves in a row training may go on after (0: none).</summary>
    public int MaxConsecutiveFailures { get; }

    /// <summary>Why the run must stop after this failure, or null when training may go on.</summary>
    internal string? ReasonToStop(CheckpointStorageException error, int consecutiveFailures, bool stopRequested)
    {
        if (MaxConsecutiveFailures == 0) return "";
        if (stopRequested) return " A stop was requested, so this save was the run's last.";
        if (!error.IsTransient) return " This kind of fault does not clear by itself, so it is not retried.";
        if (consecutiveFailures > MaxConsecutiveFailures) return $" That is {consecutiveFailures} failed saves in a row; {MaxConsecutiveFailures} are allowed.";
        return null;
    }

    /// <inheritdoc/>
    public override string ToString() => MaxConsecutiveFailures == 0 ? "stop at a failed save" : $"retry transient faults ({MaxConsecutiveFailures} failed saves in a row allowed)";
}
