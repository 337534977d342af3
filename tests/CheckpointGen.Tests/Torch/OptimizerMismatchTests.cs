using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

// The optimizers built here are restored into, never stepped: no Scalar of theirs reaches libtorch.
#pragma warning disable CKPT0009

namespace CheckpointGen.Tests.Torch;

[Collection(TorchGlobalState.Name)]
public sealed class OptimizerMismatchTests
{
    [Fact]
    public void Restoring_an_Adam_checkpoint_into_SGD_is_a_mismatch_naming_both()
    {
        var error = RestoreOptimizerOnly(
            () => new TrainingRun("Adam", "none"),
            run => new TrainingRoot { Optimizer = optim.SGD(run.Model.parameters(), 0.1) });
        Assert.Contains("Adam", error.Message);
        Assert.Contains("SGD", error.Message);
    }

    [Fact]
    public void Restoring_into_an_optimizer_over_fewer_parameters_is_a_mismatch()
    {
        var error = RestoreOptimizerOnly(
            () => new TrainingRun("Adam", "none"),
            run => new TrainingRoot { Optimizer = optim.Adam(run.Model.parameters().Take(2), 0.01) });
        Assert.Contains("4 parameter(s)", error.Message);
        Assert.Contains("has 2", error.Message);
    }

    [Fact]
    public void Restoring_into_an_optimizer_with_another_number_of_param_groups_is_a_mismatch()
    {
        var error = RestoreOptimizerOnly(
            () => new TrainingRun("Adam", "none"),
            run =>
            {
                var parameters = run.Model.parameters().ToList();
                return new TrainingRoot { Optimizer = optim.Adam([new Adam.ParamGroup(parameters.Take(2)), new Adam.ParamGroup(parameters.Skip(2))], 0.01) };
            });
        Assert.Contains("1 param group(s)", error.Message);
        Assert.Contains("has 2", error.Message);
    }

    [Fact]
    public void A_state_tensor_of_another_shape_than_its_parameter_is_a_mismatch()
    {
        var error = RestoreOptimizerOnly(
            () => new TrainingRun("Adam", "none"),
            run => new TrainingRoot { Optimizer = new TrainingRun("Adam", "none", hidden: 6).Optimizer });
        Assert.Contains("exp_avg", error.Message);
        Assert.Contains("[8, 4]", error.Message);
        Assert.Contains("[6, 4]", error.Message);
    }

    [Fact]
    public void Saving_LBFGS_is_refused_naming_LBFGS()
    {
        using var run = new TrainingRun("SGD", "none");
        using var lbfgs = optim.LBFGS(run.Model.parameters());
        using var stream = new MemoryStream();
        var error = Assert.Throws<NotSupportedException>(() => Checkpoint.Save(new TrainingRoot { Optimizer = lbfgs }, stream));
        Assert.Contains("LBFGS", error.Message);
    }

    /// <summary>Saves only the optimizer of a run trained two steps, and restores it into the root <paramref name="other"/> builds.</summary>
    private static CheckpointMismatchException RestoreOptimizerOnly(Func<TrainingRun> saved, Func<TrainingRun, TrainingRoot> other)
    {
        using var run = saved();
        run.Train(0, 2);
        using var stream = new MemoryStream();
        Checkpoint.Save(new TrainingRoot { Optimizer = run.Optimizer }, stream);
        stream.Position = 0;
        var target = other(run);
        return Assert.Throws<CheckpointMismatchException>(() => Checkpoint.Restore(target, stream));
    }
}
