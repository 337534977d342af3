using CheckpointGen.Randomness;
using CheckpointGen.Storage;
using CheckpointGen.Training.Checkpointing;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Templates;
using CheckpointGen.Training.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Checkpointing;

public sealed class SaveFailurePolicyTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ckpt-save-failures-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A folder whose saves fail with the given fault when <paramref name="failing"/> says so for that save (numbered from 1).</summary>
    private sealed class FlakyStorage(ICheckpointStorage inner, Func<int, bool> failing, StorageFault fault = StorageFault.DiskFull) : ICheckpointStorage
    {
        public int Saves { get; private set; }

        public void Save(long sequence, Action<Stream> write)
        {
            if (failing(++Saves))
                throw new CheckpointStorageException(fault, $"save {Saves}", $"Injected {fault} at save {Saves}.", isTransient: fault == StorageFault.DiskFull);
            inner.Save(sequence, write);
        }

        public IReadOnlyList<CheckpointInfo> List() => inner.List();

        public Stream OpenRead(CheckpointInfo checkpoint) => inner.OpenRead(checkpoint);

        public void Delete(CheckpointInfo checkpoint) => inner.Delete(checkpoint);
    }

    /// <summary>Trains the synthetic benchmark's first experience, saving every 2 iterations (7 saves).</summary>
    private static CheckpointPlugin Train(ICheckpointStorage storage, SaveFailurePolicy policy)
    {
        RngManager.SetRandomSeeds(7);
        var benchmark = SyntheticBenchmark.Create();
        var model = nn.Sequential(("fc", nn.Linear(SyntheticBenchmark.Features, 6)));
        var checkpoints = new CheckpointPlugin(storage, saveEveryIterations: 2, onSaveFailure: policy);
        var strategy = new Naive(model, new CheckpointGen.Training.Optimizers.GcSafeSgd(model.parameters(), 0.05), nn.CrossEntropyLoss(), new TemplateOptions
        {
            TrainMbSize = 8,
            TrainEpochs = 2,
            Plugins = [checkpoints],
        });
        strategy.Train(benchmark.TrainStream[0]);
        return checkpoints;
    }

    [Fact]
    public void Transient_failures_up_to_the_limit_are_logged_and_training_goes_on()
    {
        using var folder = new FileSystemCheckpointStorage(_root, keep: 2);
        var flaky = new FlakyStorage(folder, save => save is 2 or 3 or 5 or 6);
        var checkpoints = Train(flaky, SaveFailurePolicy.RetryTransient(2));

        // Four failures in all, but never more than two in a row: save 4 succeeding resets the count.
        Assert.Equal(7, flaky.Saves);
        Assert.Equal(4, checkpoints.FailedSaves.Count);
        Assert.Equal(3, checkpoints.SaveDurations.Count);
        Assert.Equal(2, folder.List().Count);
    }

    [Fact]
    public void One_transient_failure_more_than_the_limit_in_a_row_stops_the_run_naming_the_count()
    {
        using var folder = new FileSystemCheckpointStorage(_root, keep: 2);
        var flaky = new FlakyStorage(folder, save => save >= 2);

        var error = Assert.Throws<CheckpointStorageException>(() => Train(flaky, SaveFailurePolicy.RetryTransient(2)));
        Assert.Contains("3 failed saves in a row; 2 are allowed", error.Message);
        Assert.Contains("resumes from", error.Message);
        Assert.Single(folder.List());
    }

    [Fact]
    public void A_fault_that_does_not_clear_by_itself_stops_the_run_at_once_even_when_retrying()
    {
        using var folder = new FileSystemCheckpointStorage(_root, keep: 2);
        var flaky = new FlakyStorage(folder, save => save == 2, StorageFault.ReadOnly);

        var error = Assert.Throws<CheckpointStorageException>(() => Train(flaky, SaveFailurePolicy.RetryTransient(5)));
        Assert.Contains("does not clear by itself", error.Message);
        Assert.Equal(StorageFault.ReadOnly, error.Fault);
    }

    [Fact]
    public void The_default_policy_stops_at_the_first_failed_save()
    {
        using var folder = new FileSystemCheckpointStorage(_root, keep: 2);
        Assert.Throws<CheckpointStorageException>(() => Train(new FlakyStorage(folder, save => save == 1), SaveFailurePolicy.Stop));
        Assert.Empty(folder.List());
    }
}
