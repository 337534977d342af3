using TorchSharp.Modules;
using Xunit;

namespace CheckpointGen.Tests.Torch;

[Collection(TorchGlobalState.Name)]
public sealed class OptimizerResumeTests
{
    public static TheoryData<string> Optimizers => new(OptimizerFactory.Names);

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Training_resumed_from_a_checkpoint_matches_uninterrupted_training_bit_for_bit(string optimizer) =>
        ResumeHarness.AssertResumeIsBitIdentical(optimizer, "StepLR", stepsAfter: 2);

    [Fact]
    public void Resuming_without_restoring_gives_other_weights_so_the_comparison_can_fail()
    {
        List<byte[]> uninterrupted;
        using (var original = new TrainingRun("Adam", "StepLR"))
        {
            original.Train(0, 5);
            uninterrupted = original.Weights();
        }
        using var notRestored = new TrainingRun("Adam", "StepLR");
        notRestored.Train(3, 2);
        Assert.Contains(Enumerable.Range(0, uninterrupted.Count), i => !uninterrupted[i].AsSpan().SequenceEqual(notRestored.Weights()[i]));
    }

    [Fact]
    public void A_momentum_buffer_created_after_the_checkpoint_is_dropped_on_restore_and_one_saved_is_recreated()
    {
        string path = Path.Combine(Path.GetTempPath(), $"cg-lazy-{Guid.NewGuid():N}.ckpt");
        try
        {
            using var early = new TrainingRun("SGD-momentum", "none");
            ResumeHarness.SaveToFile(early.Root(), path);   // before the first step: every momentum buffer is null
            early.Train(0, 2);

            using var stepped = new TrainingRun("SGD-momentum", "none");
            stepped.Train(0, 3);
            Assert.All(((SGD)stepped.Optimizer).state_dict().State, s => Assert.NotNull(((SGD.State)s).momentum_buffer));
            ResumeHarness.RestoreFromFile(stepped.Root(), path);
            Assert.All(((SGD)stepped.Optimizer).state_dict().State, s => Assert.Null(((SGD.State)s).momentum_buffer));

            stepped.Train(0, 2);
            var expected = early.Weights();
            var actual = stepped.Weights();
            for (int i = 0; i < expected.Count; i++) Assert.True(expected[i].AsSpan().SequenceEqual(actual[i]), $"parameter {i}");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
