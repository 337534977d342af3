using CheckpointGen.Training.Tests.Support;

namespace CheckpointGen.Training.Tests.Checkpointing;

/// <summary><c>Checkpointing.SaveAsync</c>: the functional API's save that returns once the strategy is snapshotted.</summary>
public sealed class FunctionalAsynchronousSaveTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ckpt-functional-async-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task SaveAsync_stores_the_bytes_of_Save_for_the_strategy_at_the_call_while_training_goes_on_and_MaybeLoad_resumes_from_it()
    {
        var run = Runs.Naive();
        run.Train(0);
        byte[] expected = ResumeHarness.Save(run.Strategy, run.Benchmark);
        var after = Snapshot.Of(run.Strategy);
        string path = Path.Combine(_root, "run.ckpt");

        var saving = CheckpointGen.Training.Checkpointing.Checkpointing.SaveAsync(run.Strategy, path, run.Benchmark);
        run.Train(1);
        await saving;

        Assert.Equal(expected, File.ReadAllBytes(path));
        var resumed = Runs.Naive();
        var (_, next) = CheckpointGen.Training.Checkpointing.Checkpointing.MaybeLoad(resumed.Strategy, path, log: _ => { }, benchmark: resumed.Benchmark);
        Assert.Equal(1, next);
        after.AssertEqual(Snapshot.Of(resumed.Strategy), "resumed from the asynchronous save");
    }
}
