using CheckpointGen.Reading;
using CheckpointGen.Storage;
using CheckpointGen.Writing;
using TorchSharp;

namespace CheckpointGen.Tests.Storage;

/// <summary>State of every kind an asynchronous save copies: tensors (contiguous and not), a large array (a block), a generator (an owned tensor).</summary>
[Checkpointable]
public sealed partial class SnapshotState
{
    public long Step { get; set; }

    public torch.Tensor Weights { get; set; } = torch.zeros(1);

    public torch.Tensor Transposed { get; set; } = torch.zeros(1);

    public float[] Samples { get; set; } = [];

    public torch.Generator Generator { get; set; } = new(1);

    /// <summary>A state whose data take about <paramref name="megabytes"/> MiB, all of it derived from <paramref name="seed"/>.</summary>
    public static SnapshotState Create(int seed, int megabytes)
    {
        var generator = new torch.Generator((ulong)seed);
        int rows = megabytes * 512;
        return new SnapshotState
        {
            Step = seed,
            Weights = torch.randn([rows, 512], generator: generator),
            Transposed = torch.randn([64, 48], generator: generator).t(),
            Samples = Enumerable.Range(0, 300_000).Select(i => (float)(i * seed)).ToArray(),
            Generator = generator,
        };
    }

    /// <summary>Changes every part of the state in place.</summary>
    public void Mutate()
    {
        Step++;
        using (Scalar one = 1, two = 2)
        {
            Weights.add_(one, one);
            Transposed.mul_(two);
        }
        Array.Fill(Samples, -1f);
        torch.randn([4], generator: Generator).Dispose();
    }
}

/// <summary>A member that fails to save while <see cref="Fail"/> is set, after the members before it queued their data.</summary>
public sealed class FailingMember : ICheckpointable
{
    public bool Fail { get; set; }

    public void WriteCheckpoint(CheckpointWriter writer)
    {
        if (Fail) throw new InvalidOperationException("This member cannot be saved now.");
        writer.BeginMember("fail");
        writer.WriteBoolean(Fail);
        writer.EndMember();
    }

    public void ReadCheckpoint(CheckpointReader reader) => throw new NotSupportedException();
}

/// <summary>A large state saved before a member that may fail.</summary>
[Checkpointable]
public sealed partial class StateThenFailingMember
{
    public SnapshotState State { get; set; } = new();

    public FailingMember Failing { get; set; } = new();
}

public sealed class AsynchronousSnapshotTests
{
    /// <summary>A folder storage whose saves wait for a gate, so that the test can act while a persist is in flight.</summary>
    private sealed class GatedStorage(string directory) : ICheckpointStorage, IDisposable
    {
        private readonly FileSystemCheckpointStorage _inner = new(directory, keep: 10);

        public ManualResetEventSlim Gate { get; } = new(initialState: true);

        public void Save(long sequence, Action<Stream> write)
        {
            Gate.Wait(TimeSpan.FromSeconds(30));
            _inner.Save(sequence, write);
        }

        public IReadOnlyList<CheckpointInfo> List() => _inner.List();
        public Stream OpenRead(CheckpointInfo checkpoint) => _inner.OpenRead(checkpoint);
        public void Delete(CheckpointInfo checkpoint) => _inner.Delete(checkpoint);
        public void Dispose() => _inner.Dispose();
    }

    [Fact]
    public void State_changed_while_the_snapshot_is_persisted_does_not_reach_the_checkpoint()
    {
        using var folder = new TemporaryFolder();
        var state = SnapshotState.Create(seed: 3, megabytes: 2);
        byte[] expected = SavedBytes.Synchronous(state);
        using var gated = new GatedStorage(folder.Path);
        using (var background = new BackgroundCheckpointStorage(gated, ownsInner: false))
        {
            gated.Gate.Reset();
            background.SaveCheckpoint(1, state);
            Assert.True(background.SaveInFlight);
            state.Mutate();
            gated.Gate.Set();
        }
        Assert.Equal(expected, SavedBytes.Stored(folder.Path, 1));
        Assert.NotEqual(expected, SavedBytes.Synchronous(state));
    }

    [Fact]
    public void A_snapshot_that_fails_midway_stores_nothing_and_the_next_one_stores_the_bytes_of_a_synchronous_save()
    {
        using var folder = new TemporaryFolder();
        using var background = new BackgroundCheckpointStorage(new FileSystemCheckpointStorage(folder.Path, keep: 10));
        var root = new StateThenFailingMember { State = SnapshotState.Create(seed: 5, megabytes: 24), Failing = { Fail = true } };

        var failure = Assert.Throws<InvalidOperationException>(() => background.SaveCheckpoint(1, root));
        Assert.Equal("This member cannot be saved now.", failure.Message);
        Assert.False(background.SaveInFlight);

        root.Failing.Fail = false;
        root.State.Mutate();
        byte[] expected = SavedBytes.Synchronous(root);
        background.SaveCheckpoint(2, root);
        root.State.Mutate();
        background.WaitForPendingSave();
        Assert.Equal([2L], background.List().Select(c => c.Sequence));
        Assert.Equal(expected, SavedBytes.Stored(folder.Path, 2));
    }

    [Fact]
    public void Snapshots_that_outgrow_the_reused_buffer_store_the_bytes_of_a_synchronous_save()
    {
        using var folder = new TemporaryFolder();
        using var background = new BackgroundCheckpointStorage(new FileSystemCheckpointStorage(folder.Path, keep: 10));
        var expected = new List<byte[]>();
        // 1 MiB, then 3 MiB (a second chunk: tensors cross from one chunk into the next), then 1 MiB again (the buffer is reused).
        int[] sizes = [1, 3, 1, 3];
        for (int i = 0; i < sizes.Length; i++)
        {
            var state = SnapshotState.Create(seed: i + 1, megabytes: sizes[i]);
            expected.Add(SavedBytes.Synchronous(state));
            background.SaveCheckpoint(i, state);
            state.Mutate();
        }
        background.WaitForPendingSave();
        for (int i = 0; i < sizes.Length; i++) Assert.Equal(expected[i], SavedBytes.Stored(folder.Path, i));
        // The buffer grew to the largest checkpoint's data, not to the sum of the saves.
        Assert.InRange(background.SnapshotBytes, 4L << 20, 6L << 20);
    }

    [Fact]
    public async Task A_cancelled_wait_leaves_the_save_in_flight_and_the_next_wait_sees_it_end()
    {
        using var folder = new TemporaryFolder();
        using var gated = new GatedStorage(folder.Path);
        await using var background = new BackgroundCheckpointStorage(gated, ownsInner: false);
        var state = SnapshotState.Create(seed: 5, megabytes: 1);
        gated.Gate.Reset();
        background.SaveCheckpoint(7, state);
        using (var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100)))
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => background.WaitForPendingSaveAsync(cancel.Token));
        Assert.True(background.SaveInFlight);
        gated.Gate.Set();
        Assert.Equal([7L], (await background.ListAsync()).Select(c => c.Sequence));
    }

    [Fact]
    public void A_background_persist_cancelled_while_running_stores_nothing_and_keeps_the_previous_checkpoint()
    {
        using var folder = new TemporaryFolder();
        using var gated = new GatedStorage(folder.Path);
        using var background = new BackgroundCheckpointStorage(gated, ownsInner: false);
        var first = SnapshotState.Create(seed: 1, megabytes: 1);
        byte[] firstBytes = SavedBytes.Synchronous(first);
        background.SaveCheckpoint(1, first);
        background.WaitForPendingSave();

        using var cancel = new CancellationTokenSource();
        gated.Gate.Reset();
        background.SaveCheckpoint(2, SnapshotState.Create(seed: 2, megabytes: 2), cancel.Token);
        Assert.True(background.SaveInFlight);
        cancel.Cancel();
        gated.Gate.Set();

        background.WaitForPendingSave();
        Assert.Equal([1L], background.List().Select(c => c.Sequence));
        Assert.Equal(firstBytes, SavedBytes.Stored(folder.Path, 1));
        Assert.Equal(["checkpoint-000000000001.ckpt"], Directory.GetFiles(folder.Path).Select(Path.GetFileName).Where(n => n!.StartsWith("checkpoint-", StringComparison.Ordinal)));
        Assert.Empty(Directory.GetFiles(folder.Path, "*" + AtomicFile.TemporarySuffix));

        // The storage goes on saving.
        background.SaveCheckpoint(3, first);
        Assert.Equal([3L, 1L], background.List().Select(c => c.Sequence));
    }

    [Fact]
    public async Task Checkpoint_SaveAsync_writes_the_bytes_of_a_synchronous_save_of_the_state_at_the_call()
    {
        using var folder = new TemporaryFolder();
        string path = Path.Combine(folder.Path, "run.ckpt");
        var state = SnapshotState.Create(seed: 4, megabytes: 2);
        byte[] expected = SavedBytes.Synchronous(state);
        var saving = Checkpoint.SaveAsync(state, path);
        state.Mutate();
        await saving;
        Assert.Equal(expected, File.ReadAllBytes(path));
    }

    [Fact]
    public async Task A_cancelled_Checkpoint_SaveAsync_leaves_the_previous_file_and_no_temporary_file()
    {
        using var folder = new TemporaryFolder();
        string path = Path.Combine(folder.Path, "run.ckpt");
        var state = SnapshotState.Create(seed: 6, megabytes: 1);
        await Checkpoint.SaveAsync(state, path);
        byte[] previous = File.ReadAllBytes(path);
        state.Mutate();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Checkpoint.SaveAsync(state, path, cancel.Token));
        Assert.Equal(previous, File.ReadAllBytes(path));
        Assert.Equal(["run.ckpt"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }
}
