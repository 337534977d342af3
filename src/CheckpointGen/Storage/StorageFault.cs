namespace CheckpointGen.Storage;

/// <summary>
/// What went wrong with the medium a checkpoint is written to or read from, as opposed to a
/// checkpoint's content (<see cref="CheckpointFormatException"/>) or a bug. Every storage backend
/// reports its faults with these kinds (<see cref="CheckpointStorageException.Fault"/>), so that
/// what a run does about a fault (stop, or train on and save again later) does not depend on where
/// its checkpoints live. docs/reliability.md lists how each kind is produced in the tests.
/// </summary>
public enum StorageFault
{
    /// <summary>A fault none of the other kinds describe; the message carries the system's own words.</summary>
    Other,

    /// <summary>No room left: the device is full or a quota is exhausted (ENOSPC, EDQUOT). Transient: space can be freed while the run goes on.</summary>
    DiskFull,

    /// <summary>The storage refuses every write: a read-only mount, or a file system switched to read-only after an error (EROFS).</summary>
    ReadOnly,

    /// <summary>This process may not do what it tried: permissions, ownership, an immutable file or folder (EACCES, EPERM).</summary>
    PermissionDenied,

    /// <summary>The folder (or container) the checkpoints live in is gone: removed, or replaced by another one, while the run used it.</summary>
    LocationMissing,

    /// <summary>
    /// The data was handed to the storage but could not be made durable: fsync failed (a failing
    /// disk, a full thin-provisioned or network volume underneath). Whatever the error code, the
    /// written bytes may never reach the disk, so this is never treated as transient.
    /// </summary>
    FlushFailed,

    /// <summary>The device reported an error reading or writing (EIO).</summary>
    DeviceError,
}
