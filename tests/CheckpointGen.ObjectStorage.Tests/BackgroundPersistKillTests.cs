using CheckpointGen.ObjectStorage.Probe;
using CheckpointGen.Storage;

namespace CheckpointGen.ObjectStorage.Tests;

/// <summary>
/// A process killed while its asynchronous save is being persisted to a folder (the object stores'
/// counterpart is in <see cref="ObjectStorageContract"/>). The probe process does the saves; it needs no server.
/// </summary>
public sealed class BackgroundPersistKillTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ckpt-background-kill-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_run_killed_during_a_background_persist_to_a_folder_leaves_nothing_half_written_listed_and_the_previous_checkpoint_restorable()
    {
        const int partBytes = 1 << 20;
        using (var probe = new ProbeProcess("hang-background", "folder", _root, "run-1", "1", partBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            probe.WaitFor("PERSISTING", TimeSpan.FromSeconds(90));
            probe.KillHard();
        }

        string folder = Path.Combine(_root, "run-1");
        // The killed persist left its temporary file, 2.5 MiB into checkpoint 2.
        Assert.Contains(Directory.GetFiles(folder), file => file.EndsWith(".tmp", StringComparison.Ordinal) && new FileInfo(file).Length >= 2 * partBytes);
        using var storage = new FileSystemCheckpointStorage(folder);
        Assert.Equal([1L], storage.List().Select(c => c.Sequence));
        var restored = new ByteState();
        Assert.Equal(1, storage.RestoreLatest(restored).Sequence);
        Assert.Equal(ByteState.At(1, 1000).Bytes, restored.Bytes);
    }
}
