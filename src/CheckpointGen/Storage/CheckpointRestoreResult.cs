namespace CheckpointGen.Storage;

/// <summary>A checkpoint that <see cref="CheckpointStorageExtensions.RestoreLatest"/> passed over, and why.</summary>
/// <param name="Checkpoint">The checkpoint rejected.</param>
/// <param name="Reason">A sentence naming the problem (truncation, checksum mismatch, unreadable file …).</param>
/// <param name="Error">The exception behind the reason.</param>
public sealed record RejectedCheckpoint(CheckpointInfo Checkpoint, string Reason, Exception Error)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Checkpoint} rejected: {Reason}";
}

/// <summary>
/// What <see cref="CheckpointStorageExtensions.RestoreLatest"/> did: which checkpoint (if any) was
/// restored, and every newer one it had to pass over, with the reason.
/// </summary>
public sealed class CheckpointRestoreResult
{
    internal CheckpointRestoreResult(CheckpointInfo? restored, RestoreReport? report, IReadOnlyList<RejectedCheckpoint> rejected)
    {
        Restored = restored;
        Report = report;
        Rejected = rejected;
    }

    /// <summary>The checkpoint restored, or null when none was usable (the object is untouched: start from scratch).</summary>
    public CheckpointInfo? Restored { get; }

    /// <summary>True when a checkpoint was restored.</summary>
    public bool Found => Restored is not null;

    /// <summary>The restored checkpoint's sequence (the step or experience counter to resume after), or 0 when none was restored.</summary>
    public long Sequence => Restored?.Sequence ?? 0;

    /// <summary>The schema report of the restore, or null when none was restored.</summary>
    public RestoreReport? Report { get; }

    /// <summary>Newer checkpoints that failed verification, newest first, each with the reason.</summary>
    public IReadOnlyList<RejectedCheckpoint> Rejected { get; }

    /// <inheritdoc/>
    public override string ToString()
    {
        string head = Found ? $"restored {Restored}" : "no usable checkpoint";
        return Rejected.Count == 0 ? head : $"{head}; {string.Join("; ", Rejected)}";
    }
}
