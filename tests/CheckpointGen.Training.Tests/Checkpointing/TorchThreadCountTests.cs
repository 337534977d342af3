using CheckpointGen.Storage;
using CheckpointGen.Training.Checkpointing;
using CheckpointGen.Training.Tests.Support;
using TorchSharp;

namespace CheckpointGen.Training.Tests.Checkpointing;

/// <summary>
/// The torch intra-op thread count is recorded in a strategy checkpoint; a resume with another
/// count (not bit-identical) is told so through the log, with the count that would make it exact.
/// </summary>
public sealed class TorchThreadCountTests : IDisposable
{
    private readonly int _threadsBefore = torch.get_num_threads();
    private readonly string _root = Directory.CreateTempSubdirectory("ckpt-threads-").FullName;

    public void Dispose()
    {
        torch.set_num_threads(_threadsBefore);
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>A Naive run trained on one experience with <paramref name="threads"/> torch threads, saved to a file.</summary>
    private string SavedWith(int threads)
    {
        torch.set_num_threads(threads);
        var run = Runs.Naive();
        run.Train(0);
        string path = Path.Combine(_root, $"threads-{threads}.ckpt");
        File.WriteAllBytes(path, ResumeHarness.Save(run.Strategy));
        return path;
    }

    private static List<string> MaybeLoadWith(int threads, string path)
    {
        torch.set_num_threads(threads);
        var messages = new List<string>();
        CheckpointGen.Training.Checkpointing.Checkpointing.MaybeLoad(Runs.Naive().Strategy, path, log: messages.Add);
        return messages;
    }

    [Fact]
    public void MaybeLoad_with_another_thread_count_warns_naming_both_counts_and_keeps_the_current_count()
    {
        string path = SavedWith(threads: 1);

        var messages = MaybeLoadWith(threads: 2, path);

        string warning = Assert.Single(messages);
        Assert.Contains("1 torch thread", warning);
        Assert.Contains("uses 2", warning);
        Assert.Contains("not be bit-identical", warning);
        Assert.Contains("torch.set_num_threads(1)", warning);
        Assert.Equal(2, torch.get_num_threads());
    }

    [Fact]
    public void MaybeLoad_with_the_same_thread_count_says_nothing()
    {
        string path = SavedWith(threads: 2);
        Assert.Empty(MaybeLoadWith(threads: 2, path));
    }

    [Fact]
    public void CheckpointPlugin_with_another_thread_count_warns_through_its_log()
    {
        string folder = Path.Combine(_root, "checkpoints");
        string saved = SavedWith(threads: 2);
        using (var storage = new FileSystemCheckpointStorage(folder))
            storage.Save(1, stream => stream.Write(File.ReadAllBytes(saved)));

        torch.set_num_threads(1);
        var messages = new List<string>();
        using (var storage = new FileSystemCheckpointStorage(folder))
            new CheckpointPlugin(storage, log: messages.Add).RestoreIfExists(Runs.Naive().Strategy);

        Assert.Single(messages, m => m.Contains("2 torch thread") && m.Contains("uses 1") && m.Contains("torch.set_num_threads(2)"));
    }
}
