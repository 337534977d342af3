using CheckpointGen.Training.Tests.Support;
using TorchSharp;

namespace CheckpointGen.Training.Tests.Optimizers;

/// <summary>
/// Proof that <see cref="SharedCpuGcRace"/> reproduces the GEM crash: TorchSharp 0.107's own SGD, whose step hands
/// libtorch a temporary Scalar, fails under it. If this starts passing, TorchSharp has fixed the race (or the harness
/// no longer creates it): the safe optimizers' tests then prove nothing, so look before deleting either.
/// </summary>
public sealed class TorchSharpOptimizerRaceTests
{
    [Fact]
    public void TorchSharp_s_SGD_fails_when_a_collection_frees_its_temporary_Scalar_mid_call()
    {
        var outcome = GcSafeOptimizerTests.StepUnderGcRace(ps => torch.optim.SGD(ps, 0.1), TimeSpan.FromSeconds(60));
        var error = Assert.IsType<System.Runtime.InteropServices.ExternalException>(outcome.Error);
        Assert.Contains("Expected false to be true", error.Message);
    }
}
