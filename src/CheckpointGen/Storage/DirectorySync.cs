using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace CheckpointGen.Storage;

/// <summary>fsync(2) on a folder: .NET has no API for it (FileStream.Flush(true) needs a file opened for writing).</summary>
internal static partial class DirectorySync
{
    public static void Fsync(SafeFileHandle handle)
    {
        if (fsync(handle) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            // EINVAL/EROFS: the file system does not support syncing folders; nothing more can be done.
            if (errno is 22 or 30) return;
            throw new IOException($"fsync of a checkpoint folder failed (errno {errno}).");
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(SafeFileHandle fd);
}
