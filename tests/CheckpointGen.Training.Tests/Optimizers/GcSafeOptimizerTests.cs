using CheckpointGen.Reading;
using CheckpointGen.Training.Optimizers;
using CheckpointGen.Writing;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Optimizers;

public sealed class GcSafeOptimizerTests
{
    private static readonly Func<IEnumerable<Parameter>, optim.Optimizer>[] SafeOptimizers =
    [
        ps => new GcSafeSgd(ps, 0.1),
        ps => new GcSafeSgd(ps, 0.1, momentum: 0.9, weightDecay: 1e-3, nesterov: true),
        ps => new GcSafeAdam(ps, 1e-3),
        ps => new GcSafeAdam(ps, 1e-3, weightDecay: 1e-2, amsgrad: true, maximize: true),
    ];

    /// <summary>
    /// TorchSharp's own SGD/Adam hand libtorch temporary Scalars that a collection started by another thread can
    /// finalize mid-call ("Expected false to be true" from Scalar::toFloat, within a second or two on this
    /// machine when optim.SGD or optim.Adam is put in this list); the safe ones keep theirs alive.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Steps_survive_garbage_collections_started_by_another_thread(int which)
    {
        torch.manual_seed(1);
        using var model = nn.Linear(20, 20);
        var optimizer = SafeOptimizers[which](model.parameters());
        using (var loss = model.call(torch.randn(8, 20)).pow(2).sum()) loss.backward();
        bool stop = false;
        var pressure = new Thread(() =>
        {
            while (!Volatile.Read(ref stop)) GC.KeepAlive(new byte[1024]);
        }) { IsBackground = true };
        pressure.Start();
        try
        {
            int gen0Before = GC.CollectionCount(0);
            for (int i = 0; i < 50_000; i++)
                optimizer.step();
            Assert.True(GC.CollectionCount(0) - gen0Before > 100, "the pressure thread should have caused many collections");
        }
        finally
        {
            Volatile.Write(ref stop, true);
            pressure.Join();
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Steps_are_bit_identical_to_TorchSharp_s_optimizer(int which)
    {
        Func<IEnumerable<Parameter>, optim.Optimizer> reference = which switch
        {
            0 => ps => optim.SGD(ps, 0.1),
            1 => ps => optim.SGD(ps, 0.1, momentum: 0.9, weight_decay: 1e-3, nesterov: true),
            2 => ps => optim.Adam(ps, 1e-3),
            _ => ps => optim.Adam(ps, 1e-3, weight_decay: 1e-2, amsgrad: true, maximize: true),
        };
        var expected = Train(reference);
        var actual = Train(SafeOptimizers[which]);
        foreach (var (name, tensor) in expected)
            Assert.True(tensor.bytes.SequenceEqual(actual[name].bytes), $"{name} differs");
    }

    [Fact]
    public void A_checkpoint_restores_a_safe_optimizer_as_its_base_optimizer()
    {
        torch.manual_seed(3);
        using var model = nn.Linear(6, 3);
        var optimizer = new GcSafeSgd(model.parameters(), 0.05, momentum: 0.9);
        Steps(model, optimizer, 3, seed: 10);
        using var file = new MemoryStream();
        Checkpoint.Save(new OptimizerHolder(optimizer), file);
        var saved = model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());
        Steps(model, optimizer, 2, seed: 20);
        var straight = model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());

        using var restoredModel = nn.Linear(6, 3);
        restoredModel.load_state_dict(saved);
        var restored = new GcSafeSgd(restoredModel.parameters(), 0.05, momentum: 0.9);
        Steps(restoredModel, restored, 1, seed: 99); // creates the momentum buffers the checkpoint overwrites
        restoredModel.load_state_dict(saved);
        file.Position = 0;
        Checkpoint.Restore(new OptimizerHolder(restored), file);
        Steps(restoredModel, restored, 2, seed: 20);
        foreach (var (name, tensor) in straight)
            Assert.True(tensor.bytes.SequenceEqual(restoredModel.state_dict()[name].bytes), $"{name} differs after resuming");
    }

    private static Dictionary<string, Tensor> Train(Func<IEnumerable<Parameter>, optim.Optimizer> make)
    {
        torch.manual_seed(2);
        var model = nn.Sequential(nn.Linear(5, 7), nn.ReLU(), nn.Linear(7, 3));
        var optimizer = make(model.parameters());
        Steps(model, optimizer, 5, seed: 4);
        return model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());
    }

    private static void Steps(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, int count, int seed)
    {
        var generator = new torch.Generator((ulong)seed);
        for (int i = 0; i < count; i++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var x = torch.randn([4, model is Linear l ? l.in_features : 5], generator: generator);
            model.call(x).pow(2).mean().backward();
            optimizer.step();
        }
    }

    private sealed class OptimizerHolder(optim.Optimizer optimizer) : ICheckpointable
    {
        public void WriteCheckpoint(CheckpointWriter w)
        {
            w.BeginMember("optimizer");
            w.WriteObject(optimizer);
            w.EndMember();
        }

        public void ReadCheckpoint(CheckpointReader r)
        {
            if (!r.TryBeginMember("optimizer")) throw new InvalidOperationException("no optimizer in the checkpoint");
            r.ReadObject<optim.Optimizer>(optimizer, null);
            r.EndMember();
        }
    }
}
