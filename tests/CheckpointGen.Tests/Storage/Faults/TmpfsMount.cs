namespace CheckpointGen.Tests.Storage.Faults;

/// <summary>
/// A tmpfs of a given size mounted at a fresh folder, for real disk faults: fill it (ENOSPC),
/// remount it read-only (EROFS), make a folder immutable (EPERM). Unmounted on dispose, whatever
/// the test left in it; <c>.ci/run</c> also removes any <c>ckptgen-fault-*</c> mount a killed test host left.
/// </summary>
internal sealed class TmpfsMount : IDisposable
{
    public const string FolderPrefix = "ckptgen-fault-";

    private TmpfsMount(string path) => Path = path;

    /// <summary>The mount point.</summary>
    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="bytes"/> bytes; throws (with the reason) when that is not possible.</summary>
    public static TmpfsMount Create(long bytes) =>
        TryCreate(bytes, out string? error) ?? throw new InvalidOperationException($"Cannot mount a tmpfs: {error}");

    public static TmpfsMount? TryCreate(long bytes, out string? error)
    {
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), FolderPrefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        var (code, output) = SystemCommand.Run("mount", "-t", "tmpfs", "-o", $"size={bytes}", "tmpfs", path);
        if (code != 0)
        {
            Directory.Delete(path);
            error = output;
            return null;
        }
        error = null;
        return new TmpfsMount(path);
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Bytes still free.</summary>
    public long FreeBytes => new DriveInfo(Path).AvailableFreeSpace;

    /// <summary>Takes all free space but <paramref name="leave"/> bytes with a filler file (deleted with <see cref="Free"/>).</summary>
    public void Fill(long leave)
    {
        long size = FreeBytes - leave;
        if (size <= 0) return;
        using var filler = new FileStream(File("filler"), FileMode.Create, FileAccess.Write);
        var chunk = new byte[1 << 20];
        for (long written = 0; written < size; written += chunk.Length)
            filler.Write(chunk, 0, (int)Math.Min(chunk.Length, size - written));
    }

    /// <summary>Deletes the filler file.</summary>
    public void Free() => System.IO.File.Delete(File("filler"));

    /// <summary>Changes the size limit (a larger one frees space without touching the files).</summary>
    public void Resize(long bytes) => SystemCommand.Check("mount", "-o", $"remount,size={bytes}", Path);

    /// <summary>
    /// Mounts <paramref name="folder"/> read-only over itself (a read-only bind mount): every new
    /// file operation through its path gets EROFS, while files already open stay open (remounting
    /// the whole tmpfs read-only is refused while a storage holds its lock file open for writing).
    /// Disposing the result removes the bind mount.
    /// </summary>
    public static IDisposable BindReadOnly(string folder)
    {
        SystemCommand.Check("mount", "--bind", folder, folder);
        var bind = new ReadOnlyBind(folder);
        try
        {
            SystemCommand.Check("mount", "-o", "remount,bind,ro", folder);
            return bind;
        }
        catch
        {
            bind.Dispose();
            throw;
        }
    }

    /// <summary>chattr +i / -i: an immutable folder refuses new files and deletions even to root (EPERM).</summary>
    public static void SetImmutable(string path, bool immutable) => SystemCommand.Check("chattr", immutable ? "+i" : "-i", path);

    public void Dispose() => Unmount(Path);

    /// <summary>Unmounts <paramref name="path"/> and whatever is mounted under it (lazily when something still holds it open) and removes the mount point.</summary>
    public static void Unmount(string path)
    {
        if (SystemCommand.Run("umount", "-R", path).Code != 0) SystemCommand.Run("umount", "-l", path);
        try { Directory.Delete(path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private sealed class ReadOnlyBind(string folder) : IDisposable
    {
        public void Dispose()
        {
            if (SystemCommand.Run("umount", folder).Code != 0) SystemCommand.Run("umount", "-l", folder);
        }
    }
}
