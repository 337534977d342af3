using CheckpointGen.Training.Storage;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Tests.Support;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Storage;

public sealed class HerdingTests
{
    [Fact]
    public void Herding_picks_the_sample_that_keeps_the_running_mean_closest_to_the_mean_of_all()
    {
        // Mean of 0, 1, 2, 10 = 3.25. Step 1: 2 is closest (1.5625). Step 2: means (2+0)/2 = 1, (2+1)/2 = 1.5, (2+10)/2 = 6:
        // 1.5 is closest (3.0625). Step 3: (3+0)/3 = 1, (3+10)/3 = 4.33: 10 (1.17). Last: 0.
        using var features = tensor(new float[,] { { 0 }, { 1 }, { 2 }, { 10 } });
        Assert.Equal([2, 1, 3, 0], Herding.Order(features, 4));
        Assert.Equal([2, 1], Herding.Order(features, 2));
        Assert.Empty(Herding.Order(features, 0));
    }

    [Fact]
    public void ICaRL_herding_ranks_the_rows_closest_to_a_target_that_moves_by_the_mean_minus_the_pick()
    {
        // Normalized rows: (1, 0), (0.6, 0.8), (0, 1), (0.8, −0.6), (−1, 0); μ = (0.28, 0.24) = w.
        // Step 1: w·rows = 0.28, 0.36, 0.24, 0.08, −0.28 → row 1; w = w + μ − (0.6, 0.8) = (−0.04, −0.32).
        // Step 2: −0.04, −0.28, −0.32, 0.16, 0.04 → row 3; w = (−0.56, 0.52).
        // Step 3: −0.56, 0.08, 0.52, −0.76, 0.56 → row 4.
        using var features = tensor(new float[,] { { 2, 0 }, { 0.6f, 0.8f }, { 0, 3 }, { 0.8f, -0.6f }, { -1, 0 } });
        Assert.Equal([0, 1, 0, 2, 3], Herding.IcarlRanks(features, 3));
    }

    [Fact]
    public void ICaRL_herding_counts_a_row_picked_again_once()
    {
        // Normalized rows e1, e2, (1, 1)/√2 = c; μ = (0.569, 0.569). c wins five steps running (w·c = 0.805, 0.609, 0.414,
        // 0.219, 0.024 as w loses c − μ each step) but is ranked once; at step 6 w·c = −0.172 < w·e1 = w·e2 = −0.121: e1 (first).
        using var features = tensor(new float[,] { { 1, 0 }, { 0, 1 }, { 1, 1 } });
        Assert.Equal([2, 0, 1], Herding.IcarlRanks(features, 2));
    }

    [Fact]
    public void The_herding_buffer_splits_its_capacity_over_the_classes_and_keeps_each_class_herding_choice()
    {
        var run = ExemplarRuns.HerdingReplay();
        var strategy = (Replay)run.Strategy;
        var buffer = (HerdingBuffer)strategy.ReplayPlugin.StoragePolicy;
        run.Train(0);
        Assert.Equal([0, 1], buffer.Classes);
        Assert.Equal([9, 9], buffer.Classes.Select(c => buffer.GroupOf(c)!.Count));
        run.Train(1);
        // 18 over 4 classes: 5, 5, 4, 4 (the remainder to the lowest classes).
        Assert.Equal([5, 5, 4, 4], buffer.Classes.Select(c => buffer.GroupOf(c)!.Count));

        // Class 2's exemplars are herding's first 4 over the class's samples, with the model after experience 1.
        var data = run.Benchmark.TrainStream[1].Dataset;
        var targets = data.Targets.ToArray();
        var positions = Enumerable.Range(0, data.Count).Where(i => targets[i] == 2).ToArray();
        strategy.Model.eval();
        var model = (Training.Models.SimpleMlp)strategy.Model;
        using var features = Herding.FeaturesOf(data, positions, RehearsalRuns.Features(model), 32, CPU);
        // A new group is herded twice, as Avalanche's: to its share when created, then again over those samples.
        var firstCut = Herding.Order(features, 4).Select(i => positions[i]).ToArray();
        using var cutFeatures = Herding.FeaturesOf(data, firstCut, RehearsalRuns.Features(model), 32, CPU);
        var expected = Herding.Order(cutFeatures, 4).Select(i => data.SourceIndices[firstCut[i]]).ToArray();
        Assert.Equal(expected, buffer.GroupOf(2)!.SourceIndices.ToArray());
    }

    [Fact]
    public void Replay_with_the_herding_buffer_resumed_inside_experience_2_is_bit_identical() =>
        ResumeHarness.AssertStopInsideExperienceIsInvisible(ExemplarRuns.HerdingReplay, 3, 2, 3);
}
