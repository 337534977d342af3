using CheckpointGen.Inspection;
using CheckpointGen.Storage;
using CheckpointGen.Tests.Format.Support;
using CheckpointGen.Training.Checkpointing;
using CheckpointGen.Training.Plugins.Regularization;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Checkpointing;

/// <summary>
/// A strategy checkpoint written on a GPU, restored on this machine (which has no CUDA). The file
/// is a CPU run's checkpoint whose tensor table is rewritten to say every tensor — model,
/// optimizer state, EWC's importances and saved parameters, RNG states — lived on cuda:0, with
/// the core tests' <see cref="CheckpointBytes"/>; the bytes are the same wherever a tensor lived.
/// </summary>
public sealed class CudaMapLocationTests : IDisposable
{
    private const int Experiences = 3;
    private const int SavedAfter = 2;

    private readonly string _root = Directory.CreateTempSubdirectory("ckpt-cuda-map-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>EWC: its plugin holds tensors of its own (importances, parameters of past experiences).</summary>
    private static ResumableRun Ewc()
    {
        var (benchmark, model) = Runs.Fresh();
        return new(new EWC(model, Runs.Sgd(model.parameters()), nn.CrossEntropyLoss(), ewcLambda: 0.4, options: Runs.Options() with { Device = CPU }), benchmark);
    }

    /// <summary>The checkpoint after <see cref="SavedAfter"/> experiences, every tensor recorded as saved on cuda:0.</summary>
    private static byte[] CudaCheckpoint()
    {
        var run = Ewc();
        for (int k = 0; k < SavedAfter; k++) run.Train(k);
        return CheckpointBytes.WithTensorTable(ResumeHarness.Save(run.Strategy), entries =>
        {
            foreach (var entry in entries) (entry.DeviceType, entry.DeviceIndex) = ("cuda", 0);
        });
    }

    private static Snapshot Uninterrupted()
    {
        var run = Ewc();
        for (int k = 0; k < Experiences; k++) run.Train(k);
        return Snapshot.Of(run.Strategy);
    }

    private string WriteFile(byte[] checkpoint)
    {
        string path = Path.Combine(_root, "run.ckpt");
        File.WriteAllBytes(path, checkpoint);
        return path;
    }

    private FileSystemCheckpointStorage StorageHolding(byte[] checkpoint)
    {
        var storage = new FileSystemCheckpointStorage(Path.Combine(_root, "checkpoints"));
        storage.Save(1, stream => stream.Write(checkpoint));
        return storage;
    }

    /// <summary>Every tensor the strategy checkpoint reaches (model, optimizer, plugins, metrics) is on the CPU, and so is the strategy's device.</summary>
    private static void AssertEverythingOnTheCpu(ResumableRun run)
    {
        Assert.Equal(DeviceType.CPU, run.Strategy.Device.type);
        var ewc = run.Strategy.Plugins.OfType<EwcPlugin>().Single();
        Assert.NotEmpty(ewc.Importances);
        Assert.All(ewc.Importances.Values.SelectMany(d => d.Values).Concat(ewc.SavedParams.Values.SelectMany(d => d.Values)),
            t => Assert.Equal(DeviceType.CPU, t.device_type));
        var resaved = CheckpointInspector.Inspect(new MemoryStream(ResumeHarness.Save(run.Strategy)));
        Assert.All(resaved.Tensors, t => Assert.Equal("cpu", t.Device));
    }

    private static void ContinueAndCompare(ResumableRun resumed, Snapshot expected)
    {
        for (int k = SavedAfter; k < Experiences; k++) resumed.Train(k);
        expected.AssertEqual(Snapshot.Of(resumed.Strategy), "resumed from a checkpoint recorded on cuda:0 with mapLocation cpu");
    }

    [Fact]
    public void The_rewritten_checkpoint_records_every_tensor_on_cuda_0()
    {
        Assert.False(torch.cuda.is_available(), "these tests assume a machine without CUDA");
        var described = CheckpointInspector.Inspect(new MemoryStream(CudaCheckpoint()));
        Assert.NotEmpty(described.Tensors);
        Assert.All(described.Tensors, t => Assert.Equal("cuda:0", t.Device));
    }

    [Fact]
    public void CheckpointPlugin_with_mapLocation_cpu_restores_a_cuda_checkpoint_and_continues_bit_identically()
    {
        var expected = Uninterrupted();
        using var storage = StorageHolding(CudaCheckpoint());
        var resumed = Ewc();

        int initial = new CheckpointPlugin(storage, mapLocation: CPU).RestoreIfExists(resumed.Strategy);

        Assert.Equal(SavedAfter, initial);
        AssertEverythingOnTheCpu(resumed);
        ContinueAndCompare(resumed, expected);
    }

    [Fact]
    public void MaybeLoad_with_mapLocation_cpu_restores_a_cuda_checkpoint_and_continues_bit_identically()
    {
        var expected = Uninterrupted();
        string path = WriteFile(CudaCheckpoint());
        var resumed = Ewc();

        var (strategy, initial) = CheckpointGen.Training.Checkpointing.Checkpointing.MaybeLoad(resumed.Strategy, path, mapLocation: CPU);

        Assert.Same(resumed.Strategy, strategy);
        Assert.Equal(SavedAfter, initial);
        AssertEverythingOnTheCpu(resumed);
        ContinueAndCompare(resumed, expected);
    }

    [Fact]
    public void CheckpointPlugin_without_mapLocation_refuses_a_cuda_checkpoint_naming_the_device_and_mapLocation()
    {
        using var storage = StorageHolding(CudaCheckpoint());
        var e = Assert.Throws<CheckpointMismatchException>(() => new CheckpointPlugin(storage).RestoreIfExists(Ewc().Strategy));
        AssertNamesDeviceAndMapLocation(e);
    }

    [Fact]
    public void MaybeLoad_without_mapLocation_refuses_a_cuda_checkpoint_naming_the_device_and_mapLocation()
    {
        string path = WriteFile(CudaCheckpoint());
        var e = Assert.Throws<CheckpointMismatchException>(() => CheckpointGen.Training.Checkpointing.Checkpointing.MaybeLoad(Ewc().Strategy, path));
        AssertNamesDeviceAndMapLocation(e);
    }

    private static void AssertNamesDeviceAndMapLocation(CheckpointMismatchException e)
    {
        Assert.Contains("cuda:0", e.Message);
        Assert.Contains("no CUDA", e.Message);
        Assert.Contains("mapLocation: torch.CPU", e.Message);
    }
}
