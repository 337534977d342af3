using CheckpointGen.Benchmarks.Scenarios;
using CheckpointGen.Randomness;

namespace CheckpointGen.Benchmarks.Tests;

/// <summary>Avalanche's split_online_stream: mini-experiences of a fixed size, in stream order, with their origin.</summary>
[Collection(TorchGlobalRandomCollection.Name)]
public class OnlineStreamTests
{
    private static NcBenchmark Benchmark(int classes = 4, int perClass = 5)
    {
        var train = SyntheticData.Make(classes, perClass);
        var test = SyntheticData.Make(classes, 2, "test");
        return NcBenchmark.Create("nc", train, test, 2, shuffle: false);
    }

    [Fact]
    public void Each_experience_is_cut_into_mini_experiences_of_the_size_in_stream_order_covering_every_sample_once()
    {
        var bench = Benchmark(); // two experiences of 10 samples
        var online = OnlineStream.Split(bench.TrainStream, experienceSize: 4, seed: 0);

        Assert.Equal("train_online", online.Name);
        Assert.Equal(6, online.Count); // 4 + 4 + 2 per experience
        Assert.Equal([4, 4, 2, 4, 4, 2], online.Select(e => e.Dataset.Count));
        Assert.Equal(Enumerable.Range(0, 6), online.Select(e => e.CurrentExperience));
        Assert.All(online, e => Assert.Equal("train_online", e.StreamName));
        Assert.Equal([0, 0, 0, 1, 1, 1], online.Select(e => e.OriginExperience.CurrentExperience));
        Assert.Equal([true, false, false, true, false, false], online.Select(e => e.IsFirstSubExperience));
        Assert.Equal([false, false, true, false, false, true], online.Select(e => e.IsLastSubExperience));
        Assert.All(online, e => Assert.Equal(3, e.SubStreamLength));
        Assert.Equal(3, online.FirstIndexOf(1));
        for (int origin = 0; origin < 2; origin++)
        {
            var covered = online.Where(e => e.OriginExperience.CurrentExperience == origin).SelectMany(e => e.Dataset.SourceIndices.ToArray()).Order();
            Assert.Equal(bench.TrainStream[origin].Dataset.SourceIndices.ToArray().Order(), covered);
        }
        Assert.All(online, e => Assert.Equal(e.Dataset.Classes, e.Classes));
        Assert.Same(online[4], online[4]);
    }

    [Fact]
    public void A_seed_shuffles_each_experience_as_torch_randperm_on_a_generator_with_that_seed()
    {
        var bench = Benchmark(classes: 4, perClass: 3); // two experiences of 6 samples
        var online = OnlineStream.Split(bench.TrainStream, experienceSize: 20, seed: 0);
        var first = bench.TrainStream[0].Dataset;
        Assert.Equal(6, first.Count);
        // Avalanche: exp_indices[torch.randperm(len, generator=torch.Generator().manual_seed(seed))].
        using var generator = new TorchSharp.torch.Generator(0);
        using var perm = TorchSharp.torch.randperm(6, generator: generator);
        var expected = perm.data<long>().Select(p => first.SourceIndexAt((int)p)).ToArray();
        Assert.Equal(expected, online[0].Dataset.SourceIndices.ToArray());
    }

    [Fact]
    public void Torch_randperm_with_seed_0_is_pytorchs()
    {
        // torch.randperm(10, generator=torch.Generator().manual_seed(0)) in PyTorch 2.x.
        using var generator = new TorchSharp.torch.Generator(0);
        using var perm = TorchSharp.torch.randperm(10, generator: generator);
        Assert.Equal([4L, 1, 7, 5, 3, 9, 0, 8, 6, 2], perm.data<long>().ToArray());
    }

    [Fact]
    public void Without_shuffle_mini_experiences_follow_dataset_order_and_drop_last_drops_the_short_one()
    {
        var bench = Benchmark();
        var online = OnlineStream.Split(bench.TrainStream, experienceSize: 4, shuffle: false, dropLast: true);
        Assert.Equal(4, online.Count);
        Assert.Equal(bench.TrainStream[0].Dataset.SourceIndices[..4].ToArray(), online[0].Dataset.SourceIndices.ToArray());
        Assert.Equal([false, true, false, true], online.Select(e => e.IsLastSubExperience));
        Assert.All(online, e => Assert.Equal(2, e.SubStreamLength));
    }

    [Fact]
    public void Without_a_seed_the_cut_is_drawn_when_the_stream_is_built_whatever_is_drawn_later()
    {
        var bench = Benchmark();
        RngManager.SetRandomSeeds(3);
        var a = OnlineStream.Split(bench.TrainStream, experienceSize: 3);
        RngManager.SetRandomSeeds(3);
        var b = OnlineStream.Split(bench.TrainStream, experienceSize: 3);
        RngManager.Random.NextInt64(); // training draws between building and reading
        var orderA = a.Select(e => e.Dataset.SourceIndices.ToArray()).ToList();
        var orderB = b.Reverse().Select(e => e.Dataset.SourceIndices.ToArray()).Reverse().ToList();
        Assert.Equal(orderA, orderB);
    }

    [Fact]
    public void Mini_experiences_of_a_relabelled_experience_know_their_stored_classes_and_origin()
    {
        var train = SyntheticData.Make(4, 3);
        var test = SyntheticData.Make(4, 1, "test");
        var bench = NcBenchmark.Create("nc", train, test, 2, fixedClassOrder: [3, 1, 0, 2], classIdsFromZeroInEachExp: true);
        var online = OnlineScenario.Create(bench, experienceSize: 6, seed: 1);

        Assert.Same(bench.TestStream, online.OriginalTestStream);
        var mini = online.TrainStream[0];
        Assert.Equal([0, 1], mini.Classes);
        Assert.Equal([1, 3], mini.OriginalClasses);
        Assert.Same(bench.TrainStream[0], mini.OriginExperience);
        Assert.Equal(bench.TrainStream[0].TaskLabel, mini.TaskLabel);
        Assert.Throws<ArgumentOutOfRangeException>(() => online.TrainStream[online.TrainStream.Count]);
        Assert.Throws<ArgumentOutOfRangeException>(() => OnlineStream.Split(bench.TrainStream, 0));
    }
}
