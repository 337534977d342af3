using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace CheckpointGen.Tests.Torch;

[Collection(TorchGlobalState.Name)]
public sealed class OptimizerSubclassTests
{
    [Fact]
    public void A_subclass_of_a_known_optimizer_is_refused_when_it_may_hold_state_of_its_own()
    {
        using var run = new TrainingRun("SGD", "none");
        var optimizer = new UndeclaredSgd(run.Model.parameters());
        using var stream = new MemoryStream();
        var error = Assert.Throws<NotSupportedException>(() => Checkpoint.Save(new TrainingRoot { Optimizer = optimizer }, stream));
        Assert.Contains(nameof(UndeclaredSgd), error.Message);
    }

    [Fact]
    public void A_subclass_declaring_the_state_of_its_base_round_trips_as_its_base()
    {
        using var run = new TrainingRun("SGD", "none");
        var optimizer = new DeclaredSgd(run.Model.parameters());
        using (var loss = run.Model.parameters().Select(p => p.sum()).Aggregate((a, b) => a.add(b, One))) loss.backward();
        optimizer.step();
        var buffers = optimizer.state_dict().State.Select(s => ((SGD.State)s).momentum_buffer!.clone()).ToList();
        using var stream = new MemoryStream();
        Checkpoint.Save(new TrainingRoot { Optimizer = optimizer }, stream);

        var restored = new DeclaredSgd(run.Model.parameters());
        stream.Position = 0;
        Checkpoint.Restore(new TrainingRoot { Optimizer = restored }, stream);
        var states = restored.state_dict().State.Select(s => ((SGD.State)s).momentum_buffer).ToList();
        Assert.Equal(buffers.Count, states.Count);
        for (int i = 0; i < states.Count; i++)
            Assert.True(states[i] is { } b && b.bytes.SequenceEqual(buffers[i].bytes), $"momentum buffer {i} was not restored");
    }

    private sealed class UndeclaredSgd(IEnumerable<Parameter> parameters) : SGD(parameters, 0.1, momentum: 0.9);

    private static readonly Scalar One = 1;

    [SameStateAsBaseOptimizer]
    private sealed class DeclaredSgd(IEnumerable<Parameter> parameters) : SGD(parameters, 0.1, momentum: 0.9);
}
