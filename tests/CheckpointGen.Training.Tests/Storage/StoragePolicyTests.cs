using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Randomness;
using CheckpointGen.Training.Storage;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Storage;

public sealed class StoragePolicyTests
{
    [Fact]
    public void Reservoir_keeps_the_samples_with_the_largest_weights_drawn_from_its_seed()
    {
        var data = SyntheticData.Make("train", classes: 3, perClass: 4);
        var buffer = new ReservoirSamplingBuffer(maxSize: 5, seed: 42);
        buffer.UpdateFromDataset(data.All);
        var second = data.All.Subset([0, 1, 2, 3, 4, 5, 6, 7]);
        buffer.UpdateFromDataset(second);

        // Independently: 12 weights for the first offer, 8 for the second, top 5 overall.
        var random = new CheckpointableRandom(42);
        var first = Enumerable.Range(0, 12).Select(i => (Weight: random.NextDouble(), Source: i)).ToList();
        var keptFirst = first.OrderByDescending(w => w.Weight).Take(5).ToList();
        var offered = Enumerable.Range(0, 8).Select(i => (Weight: random.NextDouble(), Source: i)).ToList();
        var expected = offered.Concat(keptFirst).OrderByDescending(w => w.Weight).Take(5).ToList();

        Assert.Equal(expected.Select(e => e.Source), buffer.Buffer!.SourceIndices.ToArray());
        Assert.Equal(expected.Select(e => e.Weight), buffer.Weights);
    }

    [Fact]
    public void Reservoir_shrinks_to_its_heaviest_samples()
    {
        var data = SyntheticData.Make("train", classes: 2, perClass: 5);
        var buffer = new ReservoirSamplingBuffer(6, seed: 1);
        buffer.UpdateFromDataset(data.All);
        var before = buffer.Buffer!.SourceIndices.ToArray();
        buffer.Resize(2);
        Assert.Equal(before[..2], buffer.Buffer!.SourceIndices.ToArray());
        Assert.Equal(2, buffer.Weights.Count);
    }

    [Fact]
    public void Class_balanced_buffer_splits_its_capacity_over_the_classes_seen()
    {
        var benchmark = SyntheticData.Benchmark();
        var buffer = new ClassBalancedBuffer(10, seed: 3);
        int[][] expected = [[5, 5], [3, 3, 2, 2], [2, 2, 2, 2, 1, 1]];
        for (int e = 0; e < 3; e++)
        {
            buffer.UpdateFromDataset(benchmark.TrainStream[e].Dataset);
            Assert.Equal(expected[e], buffer.SeenClasses.Select(c => buffer.GroupOf(c)!.Count));
            foreach (int c in buffer.SeenClasses)
                Assert.All(buffer.GroupOf(c)!.Buffer!.Targets.ToArray(), t => Assert.Equal(c, t));
        }
    }

    [Fact]
    public void Experience_balanced_buffer_gives_each_experience_an_equal_share_the_first_ones_the_remainder()
    {
        var run = Runs.Replay();
        var replay = (Replay)run.Strategy;
        var buffer = (ExperienceBalancedBuffer)replay.ReplayPlugin.StoragePolicy;
        int[][] expected = [[20], [10, 10], [7, 7, 6]];
        for (int e = 0; e < 3; e++)
        {
            run.Train(e);
            Assert.Equal(expected[e], buffer.GroupKeys.Select(k => buffer.GroupOf(k)!.Count));
            var classes = run.Benchmark.TrainStream[e].Classes;
            Assert.All(buffer.GroupOf(e)!.Buffer!.Targets.ToArray(), t => Assert.Contains(t, classes));
        }
    }

    [Fact]
    public void Fixed_size_balanced_buffer_divides_by_the_declared_number_of_groups()
    {
        var buffer = new ClassBalancedBuffer(10, adaptiveSize: false, totalNumClasses: 4, seed: 1);
        Assert.Equal([2, 2, 2], buffer.GroupLengths(3));
        Assert.Throws<ArgumentException>(() => new ClassBalancedBuffer(10, adaptiveSize: false));
    }

    [Fact]
    public void A_buffer_restored_against_other_data_is_a_dataset_mismatch()
    {
        var run = Runs.Replay();
        run.Train(0);
        run.Train(1);
        var checkpoint = ResumeHarness.Save(run.Strategy);

        RngManager.SetRandomSeeds(7);
        var otherData = Benchmarks.Scenarios.NcBenchmark.Create("synthetic", SyntheticData.Make("train", seed: 5), SyntheticData.Make("test", perClass: 10, seed: 2), 3, shuffle: false);
        var model = new Training.Models.SimpleMlp(6, 20, 16, 1, 0.2);
        var other = new Replay(model, Runs.Sgd(model.parameters()), nn.CrossEntropyLoss(), memSize: 20, Runs.Options());
        ResumeHarness.Restore(other, checkpoint);
        var error = Assert.Throws<DatasetMismatchException>(() => other.Train(otherData.TrainStream[2]));
        Assert.Contains("synthetic", error.Message);
    }

    [Fact]
    public void A_restored_selection_rebuilds_the_same_view_from_indices_and_fingerprints()
    {
        var data = SyntheticData.Make("train");
        var view = data.All.Subset([5, 3, 9]).WithParts(p => p with { ClassMap = [1, 0, 2, 3, 4, 5], TaskLabel = 2 });
        var saved = new DatasetSelection(view);
        using var stream = new MemoryStream();
        Checkpoint.Save(saved, stream);
        var restored = new DatasetSelection();
        stream.Position = 0;
        Checkpoint.Restore(restored, stream);

        Assert.False(restored.IsResolved);
        Assert.Equal(3, restored.Count);
        Assert.Throws<InvalidOperationException>(() => restored.View);
        restored.Resolve([data]);
        Assert.Equal(view.Fingerprint, restored.View!.Fingerprint);
        Assert.Equal(view.Targets.ToArray(), restored.View.Targets.ToArray());
        Assert.Throws<DatasetMismatchException>(() =>
        {
            var again = new DatasetSelection();
            stream.Position = 0;
            Checkpoint.Restore(again, stream);
            again.Resolve([SyntheticData.Make("train", seed: 9)]);
        });
    }
}
