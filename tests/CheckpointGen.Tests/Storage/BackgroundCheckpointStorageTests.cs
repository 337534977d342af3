using CheckpointGen.Storage;

namespace CheckpointGen.Tests.Storage;

public sealed class BackgroundCheckpointStorageTests
{
    /// <summary>A storage whose saves wait for a gate (or fail), around a real folder.</summary>
    private sealed class GatedStorage(FileSystemCheckpointStorage inner) : ICheckpointStorage, IDisposable
    {
        public void Dispose() => inner.Dispose();

        public ManualResetEventSlim Gate { get; } = new(initialState: true);
        public Exception? Failure { get; set; }
        public int Saves;

        public void Save(long sequence, Action<Stream> write)
        {
            Gate.Wait(TimeSpan.FromSeconds(30));
            Interlocked.Increment(ref Saves);
            if (Failure is { } failure) throw failure;
            inner.Save(sequence, write);
        }

        public IReadOnlyList<CheckpointInfo> List() => inner.List();
        public Stream OpenRead(CheckpointInfo checkpoint) => inner.OpenRead(checkpoint);
        public void Delete(CheckpointInfo checkpoint) => inner.Delete(checkpoint);
    }

    [Fact]
    public void A_background_save_stores_the_same_bytes_as_a_synchronous_one()
    {
        using var syncFolder = new TemporaryFolder();
        using var asyncFolder = new TemporaryFolder();
        using var state = TrainingStateRoot.AtStep(5);
        using (var sync = new FileSystemCheckpointStorage(syncFolder.Path)) sync.SaveCheckpoint(5, state);
        using (var background = new BackgroundCheckpointStorage(new FileSystemCheckpointStorage(asyncFolder.Path))) background.SaveCheckpoint(5, state);

        const string name = "checkpoint-000000000005.ckpt";
        Assert.Equal(File.ReadAllBytes(Path.Combine(syncFolder.Path, name)), File.ReadAllBytes(Path.Combine(asyncFolder.Path, name)));
    }

    [Fact]
    public async Task Save_returns_before_the_checkpoint_is_persisted_and_the_next_save_waits_for_it()
    {
        using var folder = new TemporaryFolder();
        var gated = new GatedStorage(new FileSystemCheckpointStorage(folder.Path));
        using var background = new BackgroundCheckpointStorage(gated);
        using var state = TrainingStateRoot.AtStep(1);
        gated.Gate.Reset();
        background.SaveCheckpoint(1, state);
        Assert.True(background.SaveInFlight);

        using var next = TrainingStateRoot.AtStep(2);
        var second = Task.Run(() => background.SaveCheckpoint(2, next));
        Assert.NotSame(second, await Task.WhenAny(second, Task.Delay(300)));
        gated.Gate.Set();
        await second.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([2L, 1L], background.List().Select(c => c.Sequence));
    }

    [Fact]
    public void A_failed_background_save_is_rethrown_by_the_next_call_and_only_once()
    {
        using var folder = new TemporaryFolder();
        var gated = new GatedStorage(new FileSystemCheckpointStorage(folder.Path)) { Failure = new IOException("disk full") };
        using var background = new BackgroundCheckpointStorage(gated);
        using var state = TrainingStateRoot.AtStep(1);
        background.SaveCheckpoint(1, state);

        Assert.Equal("disk full", Assert.Throws<IOException>(() => background.List()).Message);
        gated.Failure = null;
        Assert.Empty(background.List());
        background.SaveCheckpoint(2, state);
        Assert.Equal([2L], background.List().Select(c => c.Sequence));
    }

    [Fact]
    public void Dispose_waits_for_the_save_in_flight()
    {
        using var folder = new TemporaryFolder();
        var gated = new GatedStorage(new FileSystemCheckpointStorage(folder.Path));
        var background = new BackgroundCheckpointStorage(gated);
        using var state = TrainingStateRoot.AtStep(3);
        gated.Gate.Reset();
        background.SaveCheckpoint(3, state);
        var release = Task.Delay(200).ContinueWith(_ => gated.Gate.Set());
        background.Dispose();
        Assert.Equal(1, gated.Saves);
        Assert.True(release.IsCompleted);
        using var reopened = new FileSystemCheckpointStorage(folder.Path);
        Assert.Equal([3L], reopened.List().Select(c => c.Sequence));
    }

    [Fact]
    public async Task A_storage_with_only_the_synchronous_methods_gets_working_asynchronous_ones()
    {
        using var folder = new TemporaryFolder();
        using var gated = new GatedStorage(new FileSystemCheckpointStorage(folder.Path));
        ICheckpointStorage storage = gated;
        using var state = TrainingStateRoot.AtStep(4);
        await storage.SaveAsync(4, stream => Checkpoint.Save(state, stream));
        var listed = await storage.ListAsync();
        Assert.Equal([4L], listed.Select(c => c.Sequence));
        await using (var stream = await storage.OpenReadAsync(listed[0])) Assert.True(stream.Length > 0);
        await Assert.ThrowsAsync<OperationCanceledException>(() => storage.DeleteAsync(listed[0], new CancellationToken(canceled: true)));
        await storage.DeleteAsync(listed[0]);
        Assert.Empty(await storage.ListAsync());
        Assert.Equal(1, gated.Saves);
    }
}
