namespace CheckpointGen.Storage;

/// <summary>fsync(2) failed on a file or folder: whatever the error code, what was written may not be on the disk (<see cref="StorageFault.FlushFailed"/>).</summary>
internal sealed class FsyncFailedException(string message, int errno) : IOException(message, errno);
