namespace CheckpointGen.Storage;

/// <summary>
/// Turns the exceptions of file-system calls into <see cref="StorageFault"/>s and messages that
/// say what happened, to which file, and what to do. <see cref="FileSystemCheckpointStorage"/> and
/// <see cref="AtomicFile"/> report through it; a program can use <see cref="Classify"/> and
/// <see cref="Explain"/> for its own files (logs, summaries) so that every I/O fault of a run reads the same.
/// </summary>
public static class FileSystemFaults
{
    /// <summary>
    /// The fault behind <paramref name="error"/>, or null when it is not a file-system fault (a bug,
    /// a damaged checkpoint, a cancelled operation).
    /// </summary>
    public static StorageFault? Classify(Exception error) => error switch
    {
        FsyncFailedException => StorageFault.FlushFailed,
        CheckpointStorageException storage => storage.Fault,
        DirectoryNotFoundException or FileNotFoundException => StorageFault.LocationMissing,
        UnauthorizedAccessException => StorageFault.PermissionDenied,
        IOException io => FromCode(io.HResult),
        _ => null,
    };

    /// <summary>
    /// A sentence or two for <paramref name="error"/> (a file-system fault, see <see cref="Classify"/>):
    /// the system's message (which names the file) and what to do about that kind of fault.
    /// </summary>
    public static string Explain(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error is CheckpointStorageException storage) return storage.Message;
        var fault = Classify(error) ?? StorageFault.Other;
        string path = PathIn(error.Message) ?? "";
        return $"{Sentence(error.Message)} {Advice(fault, error, path)}".TrimEnd();
    }

    /// <summary>
    /// The exception a storage throws for <paramref name="error"/> raised by <paramref name="step"/> on
    /// <paramref name="path"/>; <paramref name="consequence"/> says what the failure left behind.
    /// </summary>
    internal static CheckpointStorageException Wrap(Exception error, FileStep step, string path, string consequence = "")
    {
        if (error is CheckpointStorageException already) return already;
        var fault = Classify(error) ?? StorageFault.Other;
        string message = $"{Reason(fault, error)} while {Describe(step)} '{path}'.{Space(consequence)} {Advice(fault, error, path)}".TrimEnd();
        return new CheckpointStorageException(fault, path, message, error, isTransient: fault == StorageFault.DiskFull);
    }

    /// <summary>Runs <paramref name="action"/>, reporting a file-system fault as <see cref="Wrap"/> does.</summary>
    internal static void Run(FileStep step, string path, Action action, string consequence = "")
    {
        try { action(); }
        catch (Exception e) when (IsFault(e)) { throw Wrap(e, step, path, consequence); }
    }

    /// <inheritdoc cref="Run(FileStep, string, Action, string)"/>
    internal static T Run<T>(FileStep step, string path, Func<T> action, string consequence = "")
    {
        try { return action(); }
        catch (Exception e) when (IsFault(e)) { throw Wrap(e, step, path, consequence); }
    }

    /// <summary>True for the exceptions file-system calls raise for faults of the medium.</summary>
    internal static bool IsFault(Exception error) => error is IOException or UnauthorizedAccessException && error is not CheckpointException;

    private static string Space(string text) => text.Length == 0 ? "" : " " + text;

    private static StorageFault FromCode(int code)
    {
        if (OperatingSystem.IsWindows())
        {
            return (code & 0xFFFF) switch
            {
                0x70 or 0x27 => StorageFault.DiskFull,     // ERROR_DISK_FULL, ERROR_HANDLE_DISK_FULL
                0x13 => StorageFault.ReadOnly,             // ERROR_WRITE_PROTECT
                0x17 or 0x45D => StorageFault.DeviceError, // ERROR_CRC, ERROR_IO_DEVICE
                _ => StorageFault.Other,
            };
        }
        // On Unix, .NET puts the errno in HResult for the errors it has no exception type for.
        return code switch
        {
            Errno.NoSpace => StorageFault.DiskFull,
            _ when code == Errno.QuotaExceeded => StorageFault.DiskFull,
            Errno.ReadOnlyFileSystem => StorageFault.ReadOnly,
            Errno.NotPermitted or Errno.AccessDenied => StorageFault.PermissionDenied,
            Errno.NoSuchFile => StorageFault.LocationMissing,
            _ when code == Errno.StaleHandle => StorageFault.LocationMissing,
            Errno.InputOutput => StorageFault.DeviceError,
            _ => StorageFault.Other,
        };
    }

    private static string Describe(FileStep step) => step switch
    {
        FileStep.CreateFolder => "creating the folder",
        FileStep.CreateTemporary => "creating a temporary file for",
        FileStep.Write => "writing",
        FileStep.Flush => "flushing to disk (fsync)",
        FileStep.Rename => "renaming the finished temporary file to",
        FileStep.FlushFolder => "flushing to disk (fsync) the folder of",
        FileStep.Lock => "locking",
        FileStep.List => "listing the folder",
        FileStep.Read => "reading",
        FileStep.Delete => "deleting",
        _ => step.ToString(),
    };

    private static string Reason(StorageFault fault, Exception error) => fault switch
    {
        StorageFault.DiskFull when ErrnoOf(error) == Errno.QuotaExceeded => "The disk quota is exhausted",
        StorageFault.DiskFull => "No space left on the device",
        StorageFault.ReadOnly => "The file system is read-only",
        StorageFault.PermissionDenied when ErrnoOf(error) == Errno.NotPermitted => "The operation is not permitted",
        StorageFault.PermissionDenied => "Permission denied",
        StorageFault.LocationMissing => "The folder or file does not exist (any more)",
        StorageFault.FlushFailed => $"The data could not be made durable: fsync failed ({SystemMessage(error)})",
        StorageFault.DeviceError => "The device reported an I/O error",
        _ => SystemMessage(error),
    };

    private static string Advice(StorageFault fault, Exception error, string path)
    {
        string folder = path.Length == 0 ? "the folder" : $"'{FolderOf(path)}'";
        return fault switch
        {
            StorageFault.DiskFull when ErrnoOf(error) == Errno.QuotaExceeded =>
                $"Free space within your quota (quota -s shows it) or ask for a larger one, or use a folder on another file system than {folder}.",
            StorageFault.DiskFull =>
                $"Free space on the file system of {folder} (df -h shows what is left) or use a folder on a larger one. A save needs room for one checkpoint more than are kept: old ones are deleted only once the new one is safely written.",
            StorageFault.ReadOnly =>
                $"The file system of {folder} is mounted read-only, or the kernel switched it to read-only after an error (dmesg says which): remount it read-write, or use a folder on another file system.",
            StorageFault.PermissionDenied when ErrnoOf(error) == Errno.NotPermitted =>
                $"The file or {folder} may be immutable or append-only (lsattr -d shows it; chattr -i removes the flag), or a security policy forbids the operation.",
            StorageFault.PermissionDenied =>
                $"The user running this program ({Environment.UserName}) may not do that in {folder}: check its owner and permissions (ls -ld), or use another folder.",
            StorageFault.LocationMissing =>
                $"Something removed {folder} (a clean-up job, a person, another run): find out what, and keep it away from the run's folders.",
            StorageFault.FlushFailed =>
                $"What was written may never reach the disk: the device under {folder} failed to write it back (a failing disk, or a full thin-provisioned or network volume; dmesg says more). Check the device before trusting it with checkpoints.",
            StorageFault.DeviceError =>
                $"The device under {folder} may be failing: check dmesg and the disk's health before trusting it with checkpoints.",
            _ => "",
        };
    }

    private static string FolderOf(string path) =>
        Directory.Exists(path) ? path : Path.GetDirectoryName(path) is { Length: > 0 } folder ? folder : path;

    /// <summary>The errno of a Unix I/O error (for access errors .NET keeps it in the inner exception), or 0.</summary>
    private static int ErrnoOf(Exception error) => error switch
    {
        UnauthorizedAccessException { InnerException: IOException inner } => inner.HResult,
        UnauthorizedAccessException => Errno.AccessDenied,
        IOException io => io.HResult,
        _ => 0,
    };

    /// <summary>The system's words without the path .NET appends (" : '/path'").</summary>
    private static string SystemMessage(Exception error)
    {
        string message = error is UnauthorizedAccessException { InnerException: IOException inner } ? inner.Message : error.Message;
        int cut = message.IndexOf(" : '", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.');
    }

    /// <summary>The path .NET names in <paramref name="error"/>'s message, if any.</summary>
    internal static string? PathIn(Exception error) => PathIn(error.Message);

    private static string? PathIn(string message)
    {
        int start = message.IndexOf('\'', StringComparison.Ordinal);
        int end = message.LastIndexOf('\'');
        return start >= 0 && end > start ? message[(start + 1)..end] : null;
    }

    private static string Sentence(string message) => message.EndsWith('.') ? message : message + ".";

    /// <summary>The Unix error numbers faults are told apart by (Linux values; macOS differs for EDQUOT and ESTALE).</summary>
    private static class Errno
    {
        public const int NotPermitted = 1;
        public const int NoSuchFile = 2;
        public const int InputOutput = 5;
        public const int AccessDenied = 13;
        public const int NoSpace = 28;
        public const int ReadOnlyFileSystem = 30;
        public static int QuotaExceeded => OperatingSystem.IsLinux() ? 122 : 69;
        public static int StaleHandle => OperatingSystem.IsLinux() ? 116 : 70;
    }
}
