using CheckpointGen.Storage;
using Xunit;

namespace CheckpointGen.Tests.Storage;

public sealed class FileSystemCheckpointStorageTests
{
    [Fact]
    public void Only_the_newest_keep_checkpoints_survive_each_save()
    {
        using var folder = new TemporaryFolder();
        using var storage = new FileSystemCheckpointStorage(folder.Path, keep: 2);
        for (long step = 1; step <= 5; step++)
        {
            using var root = TrainingStateRoot.AtStep(step);
            storage.SaveCheckpoint(step, root);
            long[] expected = step == 1 ? [1] : [step, step - 1];
            Assert.Equal(expected, storage.List().Select(c => c.Sequence));
        }
        Assert.Equal(["checkpoint-000000000004.ckpt", "checkpoint-000000000005.ckpt"],
            Directory.GetFiles(folder.Path, "*.ckpt").Select(Path.GetFileName).Order());

        using var restored = new TrainingStateRoot();
        var result = storage.RestoreLatest(restored);
        Assert.Equal(5, result.Sequence);
        Assert.Equal(5, restored.Step);
        Assert.Equal(5f, restored.FirstWeight);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Keep_below_one_is_rejected(int keep)
    {
        using var folder = new TemporaryFolder();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new FileSystemCheckpointStorage(folder.Path, keep));
        Assert.Equal("keep", error.ParamName);
    }

    [Fact]
    public void A_truncated_newest_checkpoint_falls_back_to_the_previous_one_and_says_why()
    {
        using var folder = new TemporaryFolder();
        using var storage = new FileSystemCheckpointStorage(folder.Path, keep: 3);
        SaveSteps(storage, 1, 2, 3);
        string newest = storage.PathOf(3);
        using (var file = new FileStream(newest, FileMode.Open)) file.SetLength(file.Length / 2);

        var log = new List<string>();
        using var root = new TrainingStateRoot();
        var result = storage.RestoreLatest(root, log: log.Add);

        Assert.True(result.Found);
        Assert.Equal(2, result.Sequence);
        Assert.Equal(2, root.Step);
        Assert.Equal(2f, root.FirstWeight);
        var rejected = Assert.Single(result.Rejected);
        Assert.Equal(3, rejected.Checkpoint.Sequence);
        Assert.IsType<CheckpointFormatException>(rejected.Error);
        Assert.False(string.IsNullOrWhiteSpace(rejected.Reason));
        Assert.Contains(log, line => line.Contains("checkpoint 3", StringComparison.Ordinal) && line.Contains(rejected.Reason, StringComparison.Ordinal));
        Assert.Contains(log, line => line.StartsWith("Restored checkpoint 2", StringComparison.Ordinal));
    }

    [Fact]
    public void A_corrupted_tensor_in_the_newest_checkpoint_is_caught_before_anything_is_restored()
    {
        using var folder = new TemporaryFolder();
        using var storage = new FileSystemCheckpointStorage(folder.Path, keep: 2);
        SaveSteps(storage, 1, 2);
        // The tensor data starts right after the 64-byte header; flip a byte in it. Only the
        // per-tensor checksum can notice this, and Restore would only meet it after the step.
        string newest = storage.PathOf(2);
        byte[] bytes = File.ReadAllBytes(newest);
        bytes[64 + 100] ^= 0x40;
        File.WriteAllBytes(newest, bytes);

        using var root = new TrainingStateRoot();
        var result = storage.RestoreLatest(root);

        Assert.Equal(1, result.Sequence);
        Assert.Equal(1, root.RestoreCount);
        Assert.Equal(1, root.Step);
        Assert.Equal(1f, root.FirstWeight);
        var rejected = Assert.Single(result.Rejected);
        Assert.Equal(2, rejected.Checkpoint.Sequence);
        Assert.IsType<CheckpointFormatException>(rejected.Error);
    }

    [Fact]
    public void An_empty_folder_restores_nothing_and_leaves_the_object_untouched()
    {
        using var folder = new TemporaryFolder();
        using var storage = new FileSystemCheckpointStorage(folder.Path);
        using var root = TrainingStateRoot.AtStep(7);

        var result = storage.RestoreLatest(root);

        Assert.False(result.Found);
        Assert.Null(result.Restored);
        Assert.Null(result.Report);
        Assert.Equal(0, result.Sequence);
        Assert.Empty(result.Rejected);
        Assert.Equal(0, root.RestoreCount);
        Assert.Equal(7, root.Step);
    }

    [Fact]
    public void When_no_checkpoint_verifies_every_one_is_reported_and_nothing_is_restored()
    {
        using var folder = new TemporaryFolder();
        using var storage = new FileSystemCheckpointStorage(folder.Path, keep: 2);
        SaveSteps(storage, 1, 2);
        File.WriteAllBytes(storage.PathOf(1), []);
        File.WriteAllText(storage.PathOf(2), "not a checkpoint");

        using var root = TrainingStateRoot.AtStep(9);
        var result = storage.RestoreLatest(root);

        Assert.False(result.Found);
        Assert.Equal(0, result.Sequence);
        Assert.Equal([2L, 1L], result.Rejected.Select(r => r.Checkpoint.Sequence));
        Assert.All(result.Rejected, r => Assert.IsType<CheckpointFormatException>(r.Error));
        Assert.Equal(0, root.RestoreCount);
    }

    [Fact]
    public void Temporary_files_left_by_a_crashed_save_are_ignored_and_removed_on_open()
    {
        using var folder = new TemporaryFolder();
        using (var first = new FileSystemCheckpointStorage(folder.Path)) SaveSteps(first, 1);
        // What AtomicFile leaves when the process dies mid-write: a newer, incomplete checkpoint under a temporary name.
        string leftover = folder.File($"checkpoint-000000000002.ckpt.4242.{Guid.NewGuid():N}{AtomicFile.TemporarySuffix}");
        File.WriteAllBytes(leftover, new byte[1000]);
        string unrelated = folder.File("notes.tmp");
        File.WriteAllText(unrelated, "not ours");

        var log = new List<string>();
        using var storage = new FileSystemCheckpointStorage(folder.Path, log: log.Add);

        Assert.False(File.Exists(leftover));
        Assert.True(File.Exists(unrelated));
        Assert.Contains(log, line => line.Contains(Path.GetFileName(leftover), StringComparison.Ordinal));
        File.WriteAllBytes(leftover, new byte[1000]);
        Assert.Equal([1L], storage.List().Select(c => c.Sequence));
        using var root = new TrainingStateRoot();
        Assert.Equal(1, storage.RestoreLatest(root).Sequence);
    }

    [Fact]
    public void A_failed_save_leaves_the_existing_checkpoints_and_no_temporary_file()
    {
        using var folder = new TemporaryFolder();
        using var storage = new FileSystemCheckpointStorage(folder.Path, keep: 1);
        SaveSteps(storage, 1);

        Assert.Throws<InvalidOperationException>(() => storage.Save(2, stream =>
        {
            stream.Write(new byte[4096]);
            throw new InvalidOperationException("disk full, say");
        }));

        Assert.Equal([1L], storage.List().Select(c => c.Sequence));
        Assert.Empty(Directory.GetFiles(folder.Path, "*" + AtomicFile.TemporarySuffix));
    }

    [Fact]
    public void Saving_an_older_sequence_deletes_newer_checkpoints_of_the_abandoned_timeline()
    {
        using var folder = new TemporaryFolder();
        using var storage = new FileSystemCheckpointStorage(folder.Path, keep: 5);
        SaveSteps(storage, 1, 2, 3, 4);

        SaveSteps(storage, 2);

        Assert.Equal([2L, 1L], storage.List().Select(c => c.Sequence));
    }

    [Fact]
    public void Saving_the_same_sequence_again_replaces_it()
    {
        using var folder = new TemporaryFolder();
        using var storage = new FileSystemCheckpointStorage(folder.Path);
        using (var first = TrainingStateRoot.AtStep(10)) storage.SaveCheckpoint(3, first);
        using (var second = TrainingStateRoot.AtStep(20)) storage.SaveCheckpoint(3, second);

        using var root = new TrainingStateRoot();
        Assert.Equal(3, storage.RestoreLatest(root).Sequence);
        Assert.Equal(20, root.Step);
        Assert.Single(storage.List());
    }

    [Fact]
    public void Files_that_are_not_checkpoints_of_this_folder_are_not_listed()
    {
        using var folder = new TemporaryFolder();
        using var storage = new FileSystemCheckpointStorage(folder.Path);
        SaveSteps(storage, 5);
        File.WriteAllText(folder.File("checkpoint-abc.ckpt"), "x");
        File.WriteAllText(folder.File("checkpoint-.ckpt"), "x");
        File.WriteAllText(folder.File("checkpoint-000000000009.ckpt.bak"), "x");

        Assert.Equal([5L], storage.List().Select(c => c.Sequence));
    }

    private static void SaveSteps(ICheckpointStorage storage, params long[] steps)
    {
        foreach (long step in steps)
        {
            using var root = TrainingStateRoot.AtStep(step);
            storage.SaveCheckpoint(step, root);
        }
    }
}
