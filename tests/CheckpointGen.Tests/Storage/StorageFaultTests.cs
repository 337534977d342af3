using CheckpointGen.Storage;
using CheckpointGen.Tests.Storage.Faults;
using Xunit;

namespace CheckpointGen.Tests.Storage;

/// <summary>
/// Saves and opens on real faulty file systems (docs/reliability.md, "Storage faults"): a full
/// tmpfs, a read-only bind mount, an immutable folder, a folder removed under the storage, and
/// an ext4 whose write-back fails so that fsync fails. Each fault is a
/// <see cref="CheckpointStorageException"/> of the right kind naming the file, no temporary file
/// is left, and the checkpoints saved before still restore.
/// </summary>
public sealed class StorageFaultTests
{
    private const long KiB = 1024, MiB = 1024 * KiB;

    private static void Save(FileSystemCheckpointStorage storage, long step, long weights = 256)
    {
        using var root = TrainingStateRoot.AtStep(step, weights);
        storage.SaveCheckpoint(step, root);
    }

    private static void AssertRestores(FileSystemCheckpointStorage storage, long step, long weights = 256)
    {
        using var root = new TrainingStateRoot(weights);
        var result = storage.RestoreLatest(root);
        Assert.Equal(step, result.Sequence);
        Assert.Empty(result.Rejected);
        Assert.Equal(step, root.Step);
    }

    private static void AssertNoTemporaryFile(string folder) =>
        Assert.Empty(Directory.GetFiles(folder, "*" + AtomicFile.TemporarySuffix));

    [RealFaultFact]
    public void A_save_on_a_full_disk_names_the_file_keeps_the_previous_checkpoint_and_works_again_once_space_is_freed()
    {
        RealFaults.Require();
        using var disk = TmpfsMount.Create(4 * MiB);
        string folder = disk.File("checkpoints");
        using var storage = new FileSystemCheckpointStorage(folder, keep: 2);
        Save(storage, 1);
        disk.Fill(leave: 64 * KiB);

        var error = Assert.Throws<CheckpointStorageException>(() => Save(storage, 2, weights: 256 * 1024));

        Assert.Equal(StorageFault.DiskFull, error.Fault);
        Assert.True(error.IsTransient);
        Assert.Equal(storage.PathOf(2), error.Location);
        Assert.Contains($"No space left on the device while writing '{storage.PathOf(2)}'", error.Message);
        Assert.Contains("The temporary file was removed", error.Message);
        Assert.Contains("df -h", error.Message);
        AssertNoTemporaryFile(folder);
        Assert.Equal([1L], storage.List().Select(c => c.Sequence));
        AssertRestores(storage, 1);

        disk.Free();
        Save(storage, 2, weights: 256 * 1024);
        AssertRestores(storage, 2, weights: 256 * 1024);
    }

    [RealFaultFact]
    public void A_save_on_a_read_only_mount_fails_as_read_only_and_the_checkpoints_still_restore()
    {
        RealFaults.Require();
        using var disk = TmpfsMount.Create(4 * MiB);
        string folder = disk.File("checkpoints");
        using var storage = new FileSystemCheckpointStorage(folder);
        Save(storage, 1);
        var readOnly = TmpfsMount.BindReadOnly(folder);

        var error = Assert.Throws<CheckpointStorageException>(() => Save(storage, 2));

        Assert.Equal(StorageFault.ReadOnly, error.Fault);
        Assert.False(error.IsTransient);
        Assert.Contains($"The file system is read-only while creating a temporary file for '{storage.PathOf(2)}'", error.Message);
        Assert.Contains("remount it read-write", error.Message);
        AssertRestores(storage, 1);

        readOnly.Dispose();
        Save(storage, 2);
        AssertRestores(storage, 2);
    }

    [RealFaultFact]
    public void Opening_a_folder_on_a_read_only_file_system_reports_the_file_system_not_a_lock_held_by_another_run()
    {
        RealFaults.Require();
        using var disk = TmpfsMount.Create(1 * MiB);
        string folder = disk.File("checkpoints");
        Directory.CreateDirectory(folder);
        using var readOnly = TmpfsMount.BindReadOnly(folder);

        var error = Assert.Throws<CheckpointStorageException>(() => new FileSystemCheckpointStorage(folder));

        Assert.Equal(StorageFault.ReadOnly, error.Fault);
        Assert.Contains($"while locking '{Path.Combine(folder, "checkpoints.lock")}'", error.Message);
        Assert.DoesNotContain("locked by", error.Message);
    }

    [RealFaultFact]
    public void A_save_into_an_immutable_folder_is_refused_as_not_permitted_and_says_how_to_see_the_flag()
    {
        RealFaults.Require();
        using var disk = TmpfsMount.Create(4 * MiB);
        string folder = disk.File("checkpoints");
        using var storage = new FileSystemCheckpointStorage(folder);
        Save(storage, 1);
        TmpfsMount.SetImmutable(folder, true);
        try
        {
            var error = Assert.Throws<CheckpointStorageException>(() => Save(storage, 2));

            Assert.Equal(StorageFault.PermissionDenied, error.Fault);
            Assert.False(error.IsTransient);
            Assert.Contains($"The operation is not permitted while creating a temporary file for '{storage.PathOf(2)}'", error.Message);
            Assert.Contains("lsattr -d", error.Message);
            AssertRestores(storage, 1);
        }
        finally
        {
            TmpfsMount.SetImmutable(folder, false);
        }
    }

    [Fact]
    public void A_folder_removed_under_the_storage_is_not_created_again_by_the_next_save()
    {
        using var parent = new TemporaryFolder();
        string folder = parent.File("checkpoints");
        using var storage = new FileSystemCheckpointStorage(folder);
        Save(storage, 1);
        Directory.Delete(folder, recursive: true);

        var error = Assert.Throws<CheckpointStorageException>(() => Save(storage, 2));

        Assert.Equal(StorageFault.LocationMissing, error.Fault);
        Assert.Equal(folder, error.Location);
        Assert.Contains($"The checkpoint folder '{folder}' was removed while this run was using it", error.Message);
        Assert.False(Directory.Exists(folder));
        Assert.Equal(StorageFault.LocationMissing, Assert.Throws<CheckpointStorageException>(() => storage.List()).Fault);
    }

    [Fact]
    public void A_folder_removed_and_created_again_under_the_storage_is_refused_too()
    {
        // The lock is on the removed folder's lock file: saving into the new folder would let a second run open it as well.
        using var parent = new TemporaryFolder();
        string folder = parent.File("checkpoints");
        using var storage = new FileSystemCheckpointStorage(folder);
        Save(storage, 1);
        Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);

        var error = Assert.Throws<CheckpointStorageException>(() => Save(storage, 2));

        Assert.Equal(StorageFault.LocationMissing, error.Fault);
        Assert.Contains("was removed and created again (its lock file is gone)", error.Message);
        Assert.Empty(Directory.GetFiles(folder));
    }

    [RealFaultFact(FaultTools.LoopDevice)]
    public void A_failed_fsync_fails_the_save_before_the_file_is_renamed_into_place()
    {
        RealFaults.Require(FaultTools.LoopDevice);
        // ext4 believes it has 64 MiB; the device can hold 12 MiB, so a 24 MiB checkpoint is written
        // into the page cache and fails only when fsync writes it back.
        using var disk = new FailingWriteBack(backingBytes: 12 * MiB, fileSystemBytes: 64 * MiB);
        string folder = Path.Combine(disk.Path, "checkpoints");
        using var storage = new FileSystemCheckpointStorage(folder);
        Save(storage, 1);

        var error = Assert.Throws<CheckpointStorageException>(() => Save(storage, 2, weights: 6 * 1024 * 1024));

        Assert.Equal(StorageFault.FlushFailed, error.Fault);
        Assert.False(error.IsTransient);
        Assert.Contains($"fsync failed", error.Message);
        Assert.Contains($"while flushing to disk (fsync) '{storage.PathOf(2)}'", error.Message);
        Assert.IsType<FsyncFailedException>(error.InnerException);
        Assert.False(File.Exists(storage.PathOf(2)));
        Assert.Equal([1L], storage.List().Select(c => c.Sequence));
        AssertRestores(storage, 1);
    }
}
