using CheckpointGen.Randomness;
using CheckpointGen.Storage;
using CheckpointGen.Training.Checkpointing;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Templates;
using CheckpointGen.Training.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Checkpointing;

public sealed class AsynchronousSaveTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ckpt-async-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A folder storage whose saves take a while, as an upload does.</summary>
    private sealed class SlowStorage(FileSystemCheckpointStorage inner) : ICheckpointStorage
    {
        public void Save(long sequence, Action<Stream> write)
        {
            Thread.Sleep(300);
            inner.Save(sequence, write);
        }

        public IReadOnlyList<CheckpointInfo> List() => inner.List();
        public Stream OpenRead(CheckpointInfo checkpoint) => inner.OpenRead(checkpoint);
        public void Delete(CheckpointInfo checkpoint) => inner.Delete(checkpoint);
    }

    [Fact]
    public void A_graceful_stop_waits_until_the_asynchronous_save_is_durable()
    {
        RngManager.SetRandomSeeds(1);
        var benchmark = SyntheticBenchmark.Create();
        var model = nn.Sequential(("fc", nn.Linear(SyntheticBenchmark.Features, 6)));
        using var folder = new FileSystemCheckpointStorage(Path.Combine(_root, "run"));
        using var background = new BackgroundCheckpointStorage(new SlowStorage(folder), ownsInner: false);
        var stop = new GracefulStop(_ => { }, signals: null, exit: _ => { }, register: false);
        stop.Request("by the test");
        var strategy = new Naive(model, optim.SGD(model.parameters(), 0.1), nn.CrossEntropyLoss(), new TemplateOptions
        {
            TrainMbSize = 8,
            Plugins = [new CheckpointPlugin(background, stop: stop)],
        });

        Assert.Throws<TrainingStoppedException>(() => strategy.Train(benchmark.TrainStream[0]));
        Assert.False(background.SaveInFlight);
        // Read from the folder directly: asking the background storage would itself wait.
        Assert.Single(Directory.GetFiles(folder.Directory, "checkpoint-*.ckpt"));
    }
}
