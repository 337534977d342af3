using CheckpointGen.Tests.Format.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Tests.Tensors;

/// <summary>Modules are restored in place: parameters keep their identity, so optimizers stay valid.</summary>
public sealed class ModuleRestoreTests
{
    private static readonly Scalar One = 1;

    [Fact]
    public void Module_parameters_are_restored_in_place_and_an_existing_optimizer_still_updates_them()
    {
        torch.manual_seed(1);
        var trained = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2));
        byte[] file = CheckpointBytes.Save(trained);

        torch.manual_seed(2);
        var model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2));
        var before = model.parameters().ToArray();
#pragma warning disable CKPT0009 // TorchSharp's own SGD on purpose: the core package restores into what its users build
        var optimizer = torch.optim.SGD(model.parameters(), learningRate: 1.0);
#pragma warning restore CKPT0009

        var report = CheckpointBytes.Restore(model, file);

        var after = model.parameters().ToArray();
        Assert.Equal(before.Length, after.Length);
        for (int i = 0; i < before.Length; i++) Assert.Same(before[i], after[i]);
        foreach (var ((_, expected), (_, actual)) in trained.named_parameters().Zip(model.named_parameters()))
            Assert.True(actual.Equals(expected));
        Assert.True(report.IsExact, report.ToString());

        // The optimizer built before the restore steps the restored values.
        foreach (var p in model.parameters()) p.grad = ones_like(p);
        optimizer.step();
        foreach (var ((_, saved), (_, stepped)) in trained.named_parameters().Zip(model.named_parameters()))
            Assert.True(stepped.allclose(saved.sub(One)));
    }

    [Fact]
    public void Training_flag_and_buffers_are_restored()
    {
#pragma warning disable CKPT0009 // one forward, to give the buffers values: the layer under test is batch norm
        var trained = nn.BatchNorm1d(3);
        trained.forward(randn(8, 3));
        trained.eval();
        byte[] file = CheckpointBytes.Save(trained);

        var model = nn.BatchNorm1d(3);
#pragma warning restore CKPT0009
        var mean = model.get_buffer("running_mean")!;
        CheckpointBytes.Restore(model, file);

        Assert.False(model.training);
        Assert.Same(mean, model.get_buffer("running_mean"));
        Assert.True(mean.Equals(trained.get_buffer("running_mean")!));
    }

    [Fact]
    public void Parameter_of_another_shape_is_a_mismatch_naming_the_parameter()
    {
        byte[] file = CheckpointBytes.Save(nn.Linear(3, 4));
        var e = Assert.Throws<CheckpointMismatchException>(() => CheckpointBytes.Restore(nn.Linear(3, 5), file));
        Assert.Contains("weight", e.Message);
        Assert.Contains("[4, 3]", e.Message);
        Assert.Contains("[5, 3]", e.Message);
    }

    [Fact]
    public void Tensor_shared_between_a_member_and_a_module_parameter_stays_alive_for_the_member()
    {
        var linear = nn.Linear(2, 2);
        var weight = linear.weight!;
        byte[] file = CheckpointBytes.Save(new Probe(w => { w.BeginTuple(2); w.WriteTensor(weight); w.WriteObject(linear); }));

        var target = nn.Linear(2, 2);
        var (alias, _) = Probe.Read(file, r => { r.BeginTuple(2); return (r.ReadTensor(null)!, r.ReadObject(target)); });

        // The member got its own tensor first; copying it into the parameter must not dispose it.
        Assert.False(alias.IsInvalid);
        Assert.True(alias.Equals(weight));
        Assert.True(target.weight!.Equals(weight));
    }
}
