using CheckpointGen.Training.Optimizers;
using CheckpointGen.Training.Plugins.Rehearsal;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Rehearsal;

public sealed class MirTests
{
    [Fact]
    public void The_most_interfered_samples_are_those_whose_loss_a_virtual_step_raises_most_and_the_model_is_left_unchanged()
    {
        // A 2→2 linear model at zero; the minibatch is x = (1, 0) of class 0: loss ln 2, gradient [[-0.5, 0], [0.5, 0]];
        // with lr 1 the virtual weights are [[0.5, 0], [-0.5, 0]]. Memory losses before → after:
        //   m0 (1, 0) class 1: ln 2 → ln(1 + e)   = 1.3133 (+0.62)
        //   m1 (1, 0) class 0: ln 2 → ln(1 + 1/e) = 0.3133 (−0.38)
        //   m2 (0, 1) class 1: ln 2 → ln 2               (0)
        //   m3 (2, 0) class 1: ln 2 → ln(1 + e²)  = 2.1269 (+1.43)
        // Ascending rise: m1, m2, m0, m3; the two most interfered are m0 and m3.
        var model = nn.Linear(2, 2, hasBias: false);
        using (no_grad()) model.weight!.zero_();
        var strategy = new Naive(model, new GcSafeSgd(model.parameters(), 1.0), nn.CrossEntropyLoss());
        using var x = tensor(new float[,] { { 1, 0 } });
        using var y = tensor(new long[] { 0 });
        using var task = zeros(1, ScalarType.Int64);
        nn.functional.cross_entropy(strategy.Forward(x, task), y).backward();
        using var memoryX = tensor(new float[,] { { 1, 0 }, { 1, 0 }, { 0, 1 }, { 2, 0 } });
        using var memoryY = tensor(new long[] { 1, 0, 1, 1 });
        using var memoryTasks = zeros(4, ScalarType.Int64);

        using var chosen = MirPlugin.MostInterfered(strategy, memoryX, memoryY, memoryTasks, 2);

        Assert.Equal([0L, 3], chosen.data<long>().ToArray());
        Assert.Equal([0f, 0, 0, 0], model.weight!.data<float>().ToArray());
    }

    [Fact]
    public void After_an_experience_the_memory_stream_leaves_out_the_classes_of_its_last_minibatch()
    {
        var run = RehearsalRuns.Mir();
        run.Train(0);
        var strategy = (MIR)run.Strategy;
        Assert.Equal(24, strategy.Plugin.StoragePolicy.Count);
        Assert.NotEmpty(strategy.Plugin.ExcludedClasses);
        Assert.All(strategy.Plugin.ExcludedClasses, c => Assert.Contains(c, new[] { 0, 1 }));
    }

    [Fact]
    public void A_criterion_without_per_sample_losses_is_refused_with_its_name()
    {
        var model = nn.Linear(2, 2);
        var strategy = new Naive(model, new GcSafeSgd(model.parameters(), 1.0), nn.MSELoss());
        using var x = zeros(1, 2);
        var error = Assert.Throws<InvalidOperationException>(() => MirPlugin.MostInterfered(strategy, x, zeros(1, ScalarType.Int64), zeros(1, ScalarType.Int64), 1));
        Assert.Contains("MSELoss", error.Message);
    }

    [Fact]
    public void MIR_resumed_after_experience_1_is_bit_identical() => ResumeHarness.AssertStopAfterExperienceIsInvisible(RehearsalRuns.Mir, 3, 1);

    [Fact]
    public void MIR_resumed_inside_experience_2_is_bit_identical() => ResumeHarness.AssertStopInsideExperienceIsInvisible(RehearsalRuns.Mir, 3, 2, 3);

    [Fact]
    public void MIR_on_an_online_stream_resumes_between_and_inside_mini_experiences()
    {
        static ResumableRun Build() => RehearsalRuns.Online((model, optimizer, options) =>
            new MIR(model, optimizer, nn.CrossEntropyLoss(), batchSizeMem: 3, memSize: 18, subsample: 6, options));
        ResumeHarness.AssertStopAfterExperienceIsInvisible(Build, RehearsalRuns.OnlineExperiences, 5);
        ResumeHarness.AssertStopInsideExperienceIsInvisible(Build, RehearsalRuns.OnlineExperiences, 7, 2);
    }
}
