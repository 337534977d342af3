using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace CheckpointGen.Storage;

/// <summary>
/// flock(2) taken explicitly. .NET already takes it for <see cref="FileShare.None"/>, but skips it
/// when DOTNET_SYSTEM_IO_DISABLEFILELOCKING is set; the checkpoint folder lock must not depend on
/// that setting. Taking the same lock twice on one descriptor is a no-op.
/// </summary>
internal static partial class NativeFileLock
{
    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;

    /// <summary>True when the exclusive lock is now held through <paramref name="handle"/>; false when another open file holds it.</summary>
    public static bool TryLockExclusive(SafeFileHandle handle, string path)
    {
        if (flock(handle, LockExclusive | LockNonBlocking) == 0) return true;
        int errno = Marshal.GetLastPInvokeError();
        if (errno == EWouldBlock) return false;
        throw new CheckpointException(
            $"Cannot lock '{path}' (flock errno {errno}): the file system does not support locks, so nothing would stop two runs from writing into the same checkpoint folder. Use a folder on a local file system.");
    }

    // EWOULDBLOCK is 11 on Linux, 35 on macOS and the BSDs.
    private static int EWouldBlock => OperatingSystem.IsLinux() ? 11 : 35;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int flock(SafeFileHandle fd, int operation);
}
