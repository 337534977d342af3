using Xunit;

namespace CheckpointGen.Tests.Torch;

[Collection(TorchGlobalState.Name)]
public sealed class SchedulerResumeTests
{
    public static TheoryData<string> Schedulers => new(SchedulerFactory.Names);

    /// <summary>Four steps after the checkpoint, so each scheduler changes the rate (or, for ReduceLROnPlateau, its counters decide) after the resume.</summary>
    [Theory]
    [MemberData(nameof(Schedulers))]
    public void A_resumed_scheduler_gives_the_same_learning_rates_and_weights_as_an_uninterrupted_one(string scheduler) =>
        ResumeHarness.AssertResumeIsBitIdentical("SGD-momentum", scheduler, stepsAfter: 4);

    [Theory]
    [InlineData("OneCycleLR")]
    public void OneCycleLR_cycling_Adam_betas_resumes_bit_for_bit(string scheduler) =>
        ResumeHarness.AssertResumeIsBitIdentical("Adam", scheduler, stepsAfter: 4);
}
