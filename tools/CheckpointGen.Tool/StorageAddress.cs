using CheckpointGen.AzureBlob;
using CheckpointGen.S3;
using CheckpointGen.Storage;
using CheckpointGen.Storage.ObjectStores;

namespace CheckpointGen.Tool;

/// <summary>
/// Opens the storage a command-line address names: a folder (a path, or a <c>file://</c> URI), or an
/// object-store run prefix (<c>azure://container/prefix</c>, <c>s3://bucket/prefix</c>, opened from
/// the environment as the backends document); any other scheme is reported as not understood.
/// </summary>
internal static class StorageAddress
{
    /// <summary>
    /// How long opening an object store waits for another writer's lock: a run holding the prefix
    /// renews its lock, so waiting longer would only delay the "locked by" answer.
    /// </summary>
    public static readonly TimeSpan ObjectStoreLockWait = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Opens the storage at <paramref name="address"/>. An existing folder is required unless
    /// <paramref name="create"/>. The storage keeps every checkpoint: the tool never applies a
    /// retention policy by accident.
    /// </summary>
    public static OpenedStorage Open(string address, bool create = false)
    {
        if (ObjectStoreOf(address) is { } objectStore) return OpenObjectStore(address, objectStore);
        string folder = FolderOf(address);
        if (File.Exists(folder))
            throw new ToolException(ExitCodes.NotACheckpoint, $"'{address}' is a file, not a storage folder (inspect and verify take a checkpoint file).");
        if (!create && !Directory.Exists(folder))
            throw new ToolException(ExitCodes.NotFound, $"'{address}': no such storage folder.");
        try
        {
            var storage = new FileSystemCheckpointStorage(folder, keep: int.MaxValue);
            return new OpenedStorage(address, storage, info => File.GetLastWriteTimeUtc(Path.Combine(storage.Directory, info.Name)));
        }
        catch (CheckpointException e)
        {
            throw new ToolException(ExitCodes.Failed, $"'{address}' cannot be opened: {e.Message}");
        }
    }

    private static ObjectStoreAddress? ObjectStoreOf(string address)
    {
        try
        {
            return string.IsNullOrWhiteSpace(address) ? null : ObjectStoreAddress.TryParse(address);
        }
        catch (ArgumentException e)
        {
            throw new ToolException(ExitCodes.NotFound, e.Message);
        }
    }

    /// <summary>Opens an object-store prefix; the store knows no write times, so they show as unknown.</summary>
    private static OpenedStorage OpenObjectStore(string address, ObjectStoreAddress objectStore)
    {
        var options = new ObjectStoreOptions { Keep = int.MaxValue, LockWait = ObjectStoreLockWait };
        try
        {
            ObjectStoreCheckpointStorage storage = objectStore.Scheme == ObjectStoreAddress.AzureScheme
                ? AzureBlobCheckpointStorage.OpenFromEnvironment(objectStore.Container, objectStore.Prefix, options)
                : S3CheckpointStorage.OpenFromEnvironment(objectStore.Container, objectStore.Prefix, options);
            return new OpenedStorage(address, storage, _ => null);
        }
        catch (Exception e)
        {
            // Missing configuration, a lock a run holds (named), or the service unreachable or refusing after its retries.
            throw new ToolException(ExitCodes.Failed, $"'{address}' cannot be opened: {e.Message}");
        }
    }

    private static string FolderOf(string address)
    {
        if (string.IsNullOrWhiteSpace(address))
            throw new ToolException(ExitCodes.NotFound, "The storage address is empty.");
        int scheme = address.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0) return address;
        if (Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.IsFile) return uri.LocalPath;
        throw new ToolException(ExitCodes.NotFound, $"'{address}': storage address not understood ('{address[..scheme]}://'); a storage is a folder (a path or file://), {ObjectStoreAddress.Forms}.");
    }
}

/// <summary>An open storage, its address as given, and how to tell when a checkpoint was written.</summary>
internal sealed class OpenedStorage(string address, ICheckpointStorage storage, Func<CheckpointInfo, DateTime?> writtenAt) : IDisposable
{
    public string Address { get; } = address;

    public ICheckpointStorage Storage { get; } = storage;

    public DateTime? WrittenAt(CheckpointInfo checkpoint) => writtenAt(checkpoint);

    /// <summary>Checks a whole checkpoint; null when intact, otherwise what is wrong.</summary>
    public string? Problem(CheckpointInfo checkpoint)
    {
        using (var start = Storage.OpenRead(checkpoint))
        {
            if (!Inspection.CheckpointInspector.HasCheckpointSignature(start))
                return "not a checkpoint (it does not start with the checkpoint signature)";
        }
        using var stream = Storage.OpenRead(checkpoint);
        try
        {
            Checkpoint.Verify(stream);
            return null;
        }
        catch (CheckpointFormatException e)
        {
            return e.Message.ReplaceLineEndings(" ");
        }
    }

    public void Dispose() => (Storage as IDisposable)?.Dispose();
}
