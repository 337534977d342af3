using System.Globalization;
using System.Text;

namespace CheckpointGen.Storage;

/// <summary>
/// Keeps a second writer (another process, or another storage object in this one) out of a
/// checkpoint folder. The lock is an OS lock on <see cref="LockFileName"/> (flock on Unix, an
/// exclusive share mode on Windows), so the OS drops it when the owner exits or is killed: a lock
/// file left behind by a dead process is simply taken over. Who holds it (PID, host, since when)
/// is written next to it in <see cref="OwnerFileName"/>, a separate file because the locked file
/// itself cannot be read by others.
/// </summary>
internal sealed class DirectoryLock : IDisposable
{
    /// <summary>The file whose OS lock is the folder lock. Never deleted: deleting it would let two processes lock two different files of the same name.</summary>
    public const string LockFileName = "checkpoints.lock";

    /// <summary>Describes the current owner, for the message the next process gets.</summary>
    public const string OwnerFileName = "checkpoints.lock.owner";

    private readonly FileStream _lockFile;
    private readonly string _ownerPath;

    private DirectoryLock(FileStream lockFile, string ownerPath)
    {
        _lockFile = lockFile;
        _ownerPath = ownerPath;
    }

    /// <summary>Takes the lock on <paramref name="directory"/> or throws a <see cref="CheckpointException"/> naming the process that holds it.</summary>
    public static DirectoryLock Acquire(string directory)
    {
        string lockPath = Path.Combine(directory, LockFileName);
        string ownerPath = Path.Combine(directory, OwnerFileName);
        FileStream lockFile;
        try
        {
            lockFile = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
        }
        catch (IOException e) when (IsLockConflict(e))
        {
            throw Locked(directory, ownerPath, e);
        }
        catch (Exception e) when (FileSystemFaults.IsFault(e))
        {
            throw FileSystemFaults.Wrap(e, FileStep.Lock, lockPath);
        }
        try
        {
            if (!OperatingSystem.IsWindows() && !NativeFileLock.TryLockExclusive(lockFile.SafeFileHandle, lockPath))
                throw Locked(directory, ownerPath, null);
            AtomicFile.Write(ownerPath, stream => stream.Write(Encoding.UTF8.GetBytes(DescribeThisProcess())));
            return new DirectoryLock(lockFile, ownerPath);
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    /// <summary>Removes the owner description, then releases the OS lock.</summary>
    public void Dispose()
    {
        try { File.Delete(_ownerPath); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        _lockFile.Dispose();
    }

    /// <summary>
    /// .NET reports the flock conflict (Unix: EWOULDBLOCK in HResult) or the sharing violation
    /// (Windows) as a plain IOException; any other error is a fault of the folder, not a lock held.
    /// </summary>
    private static bool IsLockConflict(IOException e)
    {
        if (e.GetType() != typeof(IOException)) return false;
        if (OperatingSystem.IsWindows()) return (e.HResult & 0xFFFF) is 0x20 or 0x21; // ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION
        return e.HResult == (OperatingSystem.IsLinux() ? 11 : 35); // EWOULDBLOCK
    }

    private static string DescribeThisProcess() =>
        string.Create(CultureInfo.InvariantCulture,
            $"pid={Environment.ProcessId}\nhost={Environment.MachineName}\nsince={DateTimeOffset.UtcNow:O}\n");

    private static CheckpointException Locked(string directory, string ownerPath, Exception? inner)
    {
        string owner = DescribeOwner(ownerPath);
        return new CheckpointException(
            $"The checkpoint folder '{directory}' is locked by {owner}. Two runs writing into one folder would overwrite and delete each other's checkpoints: " +
            "give each run its own folder, or stop the other run first.", inner);
    }

    private static string DescribeOwner(string ownerPath)
    {
        Dictionary<string, string> fields;
        try
        {
            fields = File.ReadAllLines(ownerPath)
                .Select(line => line.Split('=', 2))
                .Where(parts => parts.Length == 2)
                .ToDictionary(parts => parts[0], parts => parts[1]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "another process (its description is unavailable)";
        }
        string pid = fields.GetValueOrDefault("pid", "?");
        string host = fields.GetValueOrDefault("host", "?");
        string since = fields.GetValueOrDefault("since", "?");
        string self = pid == Environment.ProcessId.ToString(CultureInfo.InvariantCulture) && host == Environment.MachineName
            ? " (this process: another FileSystemCheckpointStorage on the folder is still open)"
            : "";
        return $"process {pid} on host {host} since {since}{self}";
    }
}
