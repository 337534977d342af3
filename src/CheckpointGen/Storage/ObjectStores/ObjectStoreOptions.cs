namespace CheckpointGen.Storage.ObjectStores;

/// <summary>Settings shared by the object-store checkpoint storages (Azure Blob, S3). The defaults suit a training run; tests shrink the timings.</summary>
public sealed record ObjectStoreOptions
{
    /// <summary>How many of the newest checkpoints survive a save; at least 1. Older ones are deleted only after the new one is committed.</summary>
    public int Keep { get; init; } = 2;

    /// <summary>Bytes buffered per uploaded part (an Azure block, an S3 part; S3 needs at least 5 MiB). Memory for an upload is at most (<see cref="MaxPartsInFlight"/> + 1) parts (80 MiB by default), whatever the checkpoint's size.</summary>
    public int PartSizeBytes { get; init; } = 16 << 20;

    /// <summary>Parts uploading while the writer fills the next one.</summary>
    public int MaxPartsInFlight { get; init; } = 4;

    /// <summary>
    /// The largest checkpoint sent as one create-only request (Azure Put Blob, S3 PutObject) from the
    /// part buffers instead of as parts and a commit; null means all the buffers, (<see cref="MaxPartsInFlight"/> + 1)
    /// × <see cref="PartSizeBytes"/>, so memory stays within the same bound. One request skips the commit
    /// (which some servers pay with a copy of every part) at the cost of starting the upload only once
    /// the checkpoint is serialized; docs/storages.md, "What a save costs", says when to lower it.
    /// </summary>
    public long? SingleRequestMaxBytes { get; init; }

    /// <summary><see cref="SingleRequestMaxBytes"/>, or the whole buffer budget when it is null.</summary>
    public long SingleRequestLimit => SingleRequestMaxBytes ?? BufferBudgetBytes;

    private long BufferBudgetBytes => (MaxPartsInFlight + 1L) * PartSizeBytes;

    /// <summary>
    /// How long opening the storage waits for another holder's lock to lapse. A live holder renews its
    /// lock, so opening fails after this wait naming it; a killed one stops renewing and its lock is
    /// taken over once <see cref="LockDuration"/> has passed without renewal.
    /// </summary>
    public TimeSpan LockWait { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long a lock lives without renewal (an Azure lease: 15–60 s). The holder renews it every third of this.</summary>
    public TimeSpan LockDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Retries of a failed request that may succeed again (5xx, 408, 429, timeouts, dropped connections), with exponential backoff and jitter.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>The first retry's delay; each next one doubles it.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long one request may take before it is abandoned and retried.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>Where downloads are staged before they are verified and restored (the system's temporary folder when null); each is deleted when its stream is closed.</summary>
    public string? DownloadDirectory { get; init; }

    /// <summary>Told about checkpoints deleted by retention, locks waited for and taken over, retries.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Azure's limit for one Put Blob (5000 MiB), below S3's 5 GiB for one PutObject.</summary>
    private const long MaxSingleRequestBytes = 5000L << 20;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Keep, 1, nameof(Keep));
        ArgumentOutOfRangeException.ThrowIfLessThan(PartSizeBytes, 64 << 10, nameof(PartSizeBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPartsInFlight, 1, nameof(MaxPartsInFlight));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries, nameof(MaxRetries));
        if (SingleRequestMaxBytes is < 0 || SingleRequestMaxBytes > BufferBudgetBytes)
            throw new ArgumentOutOfRangeException(nameof(SingleRequestMaxBytes), SingleRequestMaxBytes,
                $"A single request is sent from the part buffers: it must be between 0 and (MaxPartsInFlight + 1) × PartSizeBytes = {BufferBudgetBytes} bytes.");
        if (SingleRequestLimit > MaxSingleRequestBytes)
            throw new ArgumentOutOfRangeException(nameof(SingleRequestMaxBytes), SingleRequestLimit,
                $"A single request may carry at most {MaxSingleRequestBytes} bytes (Azure's Put Blob limit, under S3's 5 GiB): set SingleRequestMaxBytes to that or less.");
        if (LockWait < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(LockWait), LockWait, "The lock wait cannot be negative.");
        if (LockDuration < TimeSpan.FromSeconds(1)) throw new ArgumentOutOfRangeException(nameof(LockDuration), LockDuration, "A lock must live at least 1 s.");
    }
}
