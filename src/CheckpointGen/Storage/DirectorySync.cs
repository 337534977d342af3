using System.Runtime.InteropServices;

namespace CheckpointGen.Storage;

/// <summary>
/// fsync(2) on a folder. .NET has no API for it: FileStream.Flush(true) needs a file opened for
/// writing, and File.OpenHandle refuses folders (UnauthorizedAccessException), so the folder is
/// opened read-only with open(2) directly.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0;

    public static void Fsync(string directory)
    {
        int fd = open(directory, ReadOnly);
        if (fd < 0)
            throw new IOException($"Cannot open the checkpoint folder '{directory}' to flush it to disk (errno {Marshal.GetLastPInvokeError()}).");
        try
        {
            if (fsync(fd) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                // EINVAL/EROFS: the file system does not support syncing folders; nothing more can be done.
                if (errno is 22 or 30) return;
                throw new IOException($"fsync of the checkpoint folder '{directory}' failed (errno {errno}).");
            }
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

    [LibraryImport("libc")]
    private static partial int close(int fd);
}
