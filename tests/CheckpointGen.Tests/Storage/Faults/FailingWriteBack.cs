namespace CheckpointGen.Tests.Storage.Faults;

/// <summary>
/// An ext4 file system whose write-back fails: its image is a sparse file larger than the tmpfs
/// that holds it, on a loop device. ext4 believes it has room, so writes succeed into the page
/// cache; when fsync writes them back, the loop device cannot store them and fsync fails (ENOSPC,
/// EIO or EROFS, depending on when ext4 aborts its journal). No device-mapper or fault injection
/// is needed (this kernel has neither); this is what a full thin-provisioned volume does.
/// </summary>
internal sealed class FailingWriteBack : IDisposable
{
    private readonly TmpfsMount _backing;
    private readonly string? _device;

    /// <param name="backingBytes">What the device can really hold.</param>
    /// <param name="fileSystemBytes">What ext4 believes it holds.</param>
    public FailingWriteBack(long backingBytes, long fileSystemBytes)
    {
        _backing = TmpfsMount.Create(backingBytes);
        try
        {
            string image = _backing.File("ext4.img");
            using (var file = new FileStream(image, FileMode.CreateNew)) file.SetLength(fileSystemBytes);
            SystemCommand.Check("mkfs.ext4", "-q", "-F", image);
            _device = SystemCommand.Check("losetup", "--find", "--show", image).Trim();
            Path = _backing.File("mnt");
            Directory.CreateDirectory(Path);
            SystemCommand.Check("mount", "-t", "ext4", _device, Path);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The ext4 mount point.</summary>
    public string Path { get; } = "";

    public void Dispose()
    {
        if (Path.Length > 0 && SystemCommand.Run("umount", Path).Code != 0) SystemCommand.Run("umount", "-l", Path);
        if (_device is not null) SystemCommand.Run("losetup", "-d", _device);
        _backing.Dispose();
    }
}
