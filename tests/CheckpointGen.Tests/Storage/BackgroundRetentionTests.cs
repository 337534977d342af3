using CheckpointGen.Storage;
using Xunit;

namespace CheckpointGen.Tests.Storage;

/// <summary>Checkpoints beyond keep-N are deleted on a worker thread; nothing the caller can observe through the storage is ever half done.</summary>
public sealed class BackgroundRetentionTests
{
    private static void SaveTiny(FileSystemCheckpointStorage storage, long sequence) =>
        storage.Save(sequence, stream => stream.WriteByte((byte)sequence));

    [Fact]
    public void Disposing_the_storage_finishes_deleting_old_checkpoints()
    {
        using var folder = new TemporaryFolder();
        using (var storage = new FileSystemCheckpointStorage(folder.Path, keep: 1))
            for (long sequence = 1; sequence <= 4; sequence++) SaveTiny(storage, sequence);

        Assert.Equal(["checkpoint-000000000004.ckpt"], Directory.GetFiles(folder.Path, "*.ckpt").Select(Path.GetFileName));
    }

    [Fact]
    public void Deletions_are_logged_on_the_saving_thread_before_the_save_returns()
    {
        using var folder = new TemporaryFolder();
        var messages = new List<(int Thread, string Text)>();
        using var storage = new FileSystemCheckpointStorage(folder.Path, keep: 1, log: m => messages.Add((Environment.CurrentManagedThreadId, m)));
        SaveTiny(storage, 1);
        SaveTiny(storage, 2);

        var deletion = Assert.Single(messages, m => m.Text.Contains("checkpoint-000000000001.ckpt", StringComparison.Ordinal));
        Assert.Equal(Environment.CurrentManagedThreadId, deletion.Thread);
        Assert.Equal([2L], storage.List().Select(c => c.Sequence));
    }
}
