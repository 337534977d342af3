namespace CheckpointGen.Storage;

/// <summary>The file-system call that failed, for the message of a <see cref="CheckpointStorageException"/>.</summary>
internal enum FileStep
{
    CreateFolder,
    CreateTemporary,
    Write,
    Flush,
    Rename,
    FlushFolder,
    Lock,
    List,
    Read,
    Delete,
}
