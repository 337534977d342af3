using CheckpointGen.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Models;

public sealed class GcSafeBatchNorm1dTests
{
    [Fact]
    public void The_GC_safe_batch_norm_computes_and_keeps_what_TorchSharps_does()
    {
#pragma warning disable CKPT0009 // the reference it replaces
        using var reference = nn.BatchNorm1d(3);
#pragma warning restore CKPT0009
        using var safe = new GcSafeBatchNorm1d(3);
        using var generator = new Generator(5);
        for (int step = 0; step < 3; step++)
        {
            using var x = randn([8, 3], generator: generator);
            using var expected = reference.call(x);
            using var actual = safe.call(x);
            Assert.True(expected.equal(actual).all().item<bool>(), $"training-mode output differs at step {step}");
        }
        reference.eval();
        safe.eval();
        using var test = randn([4, 3], generator: generator);
        using var expectedEval = reference.call(test);
        using var actualEval = safe.call(test);
        Assert.True(expectedEval.equal(actualEval).all().item<bool>(), "evaluation-mode output differs");
        var expectedState = reference.state_dict();
        var actualState = safe.state_dict();
        Assert.Equal(expectedState.Keys, actualState.Keys);
        foreach (var (name, value) in expectedState)
            Assert.True(value.equal(actualState[name]).all().item<bool>(), $"{name} differs");
    }
}
