using CheckpointGen.Storage;
using TorchSharp;

namespace CheckpointGen.Tests.Storage;

/// <summary>An entry of <see cref="SnapshotCatalog"/>: a list of these is stored as object columns (a row group).</summary>
[Checkpointable]
public sealed partial class SnapshotItem
{
    public int Value { get; set; }

    public string Label { get; set; } = "";
}

/// <summary>A root unlike <see cref="SnapshotState"/>: other member keys, a row group, a map, and a tensor that can be disposed to make a walk fail half-way.</summary>
[Checkpointable]
public sealed partial class SnapshotCatalog
{
    public List<SnapshotItem> Items { get; set; } = [];

    public Dictionary<string, int> Counts { get; set; } = [];

    public torch.Tensor Extra { get; set; } = torch.zeros(1);

    public static SnapshotCatalog Create(int items) => new()
    {
        Items = [.. Enumerable.Range(0, items).Select(i => new SnapshotItem { Value = i * 7, Label = $"item {i}" })],
        Counts = Enumerable.Range(0, items).ToDictionary(i => $"key {i}", i => i),
        Extra = torch.tensor(Enumerable.Range(0, items * 300).Select(i => (float)i).ToArray()),
    };
}

/// <summary>
/// A <see cref="BackgroundCheckpointStorage"/> reuses one writer, its tables and buffers from save to
/// save: whatever a save left in them (strings, components, row groups, objects, tensors, a walk that
/// failed half-way) must not reach the next checkpoint.
/// </summary>
public sealed class ReusedSnapshotTests
{
    [Fact]
    public void Each_snapshot_stores_the_bytes_of_a_synchronous_save_whatever_the_graph_saved_before()
    {
        using var folder = new TemporaryFolder();
        using var background = new BackgroundCheckpointStorage(new FileSystemCheckpointStorage(folder.Path, keep: 10));
        object[] roots =
        [
            SnapshotCatalog.Create(items: 40),
            SnapshotState.Create(seed: 1, megabytes: 1),
            SnapshotCatalog.Create(items: 3),
            SnapshotCatalog.Create(items: 3),
        ];
        var expected = roots.Select(SavedBytes.Synchronous).ToList();
        var failing = SnapshotCatalog.Create(items: 60);
        failing.Extra.Dispose();

        background.SaveCheckpoint(0, roots[0]);
        background.SaveCheckpoint(1, roots[1]);
        // The walk stops at the disposed tensor, after most of the catalog was written into the reused tables.
        Assert.Throws<ObjectDisposedException>(() => background.SaveCheckpoint(2, failing));
        background.SaveCheckpoint(3, roots[2]);
        background.SaveCheckpoint(4, roots[3]);
        background.WaitForPendingSave();

        Assert.Equal([4L, 3L, 1L, 0L], background.List().Select(c => c.Sequence));
        Assert.Equal(expected[0], SavedBytes.Stored(folder.Path, 0));
        Assert.Equal(expected[1], SavedBytes.Stored(folder.Path, 1));
        Assert.Equal(expected[2], SavedBytes.Stored(folder.Path, 3));
        Assert.Equal(expected[3], SavedBytes.Stored(folder.Path, 4));
    }
}
