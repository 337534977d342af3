using CheckpointGen.Training.Tests.Support;

namespace CheckpointGen.Training.Tests.Strategies;

public sealed class StrategyResumeTests
{
    [Fact]
    public void Naive_resumed_after_experience_2_is_bit_identical() => ResumeHarness.AssertStopAfterExperienceIsInvisible(Runs.Naive, 3, 2);

    [Fact]
    public void Naive_resumed_inside_experience_1_is_bit_identical() => ResumeHarness.AssertStopInsideExperienceIsInvisible(Runs.Naive, 3, 1, 3);

    [Fact]
    public void Replay_resumed_after_experience_2_is_bit_identical() => ResumeHarness.AssertStopAfterExperienceIsInvisible(Runs.Replay, 3, 2);

    [Fact]
    public void Replay_resumed_inside_experience_2_is_bit_identical() => ResumeHarness.AssertStopInsideExperienceIsInvisible(Runs.Replay, 3, 2, 4);

    [Fact]
    public void Cumulative_resumed_after_experience_2_is_bit_identical() => ResumeHarness.AssertStopAfterExperienceIsInvisible(Runs.Cumulative, 3, 2);

    [Fact]
    public void Cumulative_resumed_inside_experience_2_is_bit_identical() => ResumeHarness.AssertStopInsideExperienceIsInvisible(Runs.Cumulative, 3, 2, 5);

    [Fact]
    public void GDumb_resumed_after_experience_2_is_bit_identical() => ResumeHarness.AssertStopAfterExperienceIsInvisible(Runs.GDumb, 3, 2);

    [Fact]
    public void GDumb_resumed_inside_experience_1_is_bit_identical() => ResumeHarness.AssertStopInsideExperienceIsInvisible(Runs.GDumb, 3, 1, 2);

    [Fact]
    public void JointTraining_resumed_inside_its_single_experience_is_bit_identical() => ResumeHarness.AssertStopInsideExperienceIsInvisible(Runs.JointTraining, 1, 0, 7);

    [Fact]
    public void Multi_head_model_grown_over_tasks_resumes_bit_identical_in_a_fresh_model() => ResumeHarness.AssertStopAfterExperienceIsInvisible(Runs.MultiTaskNaive, 3, 2);

    [Fact]
    public void Incremental_classifier_grown_over_experiences_resumes_inside_an_experience() => ResumeHarness.AssertStopInsideExperienceIsInvisible(Runs.IncrementalReplay, 3, 2, 3);
}
