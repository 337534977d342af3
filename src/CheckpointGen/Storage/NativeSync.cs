using System.Runtime.InteropServices;

namespace CheckpointGen.Storage;

/// <summary>
/// fsync(2) on a file and on a folder, every failure reported. .NET's FileStream.Flush(true)
/// ignores EROFS, EINVAL and ENOTSUP from fsync (meant for special files), but ext4 answers EROFS
/// when it switched to read-only after a write-back error, so a checkpoint that never reached the
/// disk would look durable. Folders: .NET has no API (File.OpenHandle refuses them), so the folder
/// is opened read-only with open(2).
/// </summary>
internal static partial class NativeSync
{
    private const int ReadOnly = 0;
    private const int EInvalid = 22;

    /// <summary>Flushes <paramref name="stream"/>'s file to disk; throws <see cref="FsyncFailedException"/> when that fails.</summary>
    public static void File(FileStream stream)
    {
        if (OperatingSystem.IsWindows())
        {
            try { stream.Flush(flushToDisk: true); }
            catch (IOException e) { throw new FsyncFailedException($"{e.Message} : '{stream.Name}'", e.HResult); }
            return;
        }
        if (fsync(stream.SafeFileHandle) == 0) return;
        int errno = Marshal.GetLastPInvokeError();
        // EINVAL: this kind of file cannot be synchronized at all (there is nothing the caller can do about it).
        if (errno == EInvalid) return;
        throw new FsyncFailedException($"{Marshal.GetPInvokeErrorMessage(errno)} : '{stream.Name}'", errno);
    }

    /// <summary>Flushes a folder's entries (a rename) to disk. A no-op where folders cannot be opened (Windows).</summary>
    public static void Directory(string directory)
    {
        if (OperatingSystem.IsWindows()) return;
        int fd = open(directory, ReadOnly);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException($"Cannot open the folder to flush it to disk: {Marshal.GetPInvokeErrorMessage(errno)} : '{directory}'", errno);
        }
        try
        {
            if (fsync(fd) == 0) return;
            int errno = Marshal.GetLastPInvokeError();
            // Some file systems do not support syncing folders; nothing more can be done there.
            if (errno == EInvalid) return;
            throw new FsyncFailedException($"{Marshal.GetPInvokeErrorMessage(errno)} : '{directory}'", errno);
        }
        finally
        {
            close(fd);
        }
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(Microsoft.Win32.SafeHandles.SafeFileHandle fd);

    [LibraryImport("libc")]
    private static partial int close(int fd);
}
