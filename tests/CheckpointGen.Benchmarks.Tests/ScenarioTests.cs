using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Benchmarks.Scenarios;

namespace CheckpointGen.Benchmarks.Tests;

/// <summary>The generic builders on small synthetic data.</summary>
[Collection(TorchGlobalRandomCollection.Name)]
public class ScenarioTests
{
    [Fact]
    public void Nc_benchmark_gives_each_class_to_one_experience_with_all_its_samples()
    {
        using var train = SyntheticData.Make(6, 5);
        using var test = SyntheticData.Make(6, 2, "test");
        var bench = NcBenchmark.Create("nc", train, test, 3, seed: 7);

        Assert.Equal(6, bench.ClassOrderOriginalIds.Distinct().Count());
        for (int e = 0; e < 3; e++)
        {
            var exp = bench.TrainStream[e];
            Assert.Equal(e, exp.CurrentExperience);
            Assert.Equal(bench.ClassOrderOriginalIds.Skip(2 * e).Take(2).Order(), exp.Classes);
            Assert.Equal(10, exp.Dataset.Count);
            Assert.All(exp.Dataset.Targets.ToArray(), t => Assert.Contains(t, exp.Classes));
            Assert.Equal(4, bench.TestStream[e].Dataset.Count);
            Assert.Equal(0, exp.TaskLabel);
        }
    }

    [Fact]
    public void Per_experience_class_counts_and_task_labels_are_honoured()
    {
        using var train = SyntheticData.Make(10, 2);
        using var test = SyntheticData.Make(10, 1, "test");
        var bench = NcBenchmark.Create("nc", train, test, 4, taskLabels: true, shuffle: false,
            perExperienceClasses: new Dictionary<int, int> { [0] = 4 });

        Assert.Equal([4, 2, 2, 2], bench.ClassesPerExperience);
        Assert.Equal([0, 1, 2, 3], bench.TrainStream[0].Classes);
        Assert.Equal([8, 9], bench.TrainStream[3].Classes);
        Assert.Equal([0, 1, 2, 3], bench.TrainStream.Select(e => e.TaskLabel));
        Assert.All(Enumerable.Range(0, bench.TrainStream[2].Dataset.Count), i => Assert.Equal(2, bench.TrainStream[2].Dataset.TaskLabelAt(i)));
        Assert.Throws<ArgumentException>(() => NcBenchmark.Create("nc", train, test, 3));
    }

    [Fact]
    public void Class_ids_from_zero_in_each_experience_relabel_samples_consistently()
    {
        using var train = SyntheticData.Make(6, 3);
        using var test = SyntheticData.Make(6, 1, "test");
        var bench = NcBenchmark.Create("nc", train, test, 3, fixedClassOrder: [5, 1, 3, 0, 2, 4], classIdsFromZeroInEachExp: true);

        var exp0 = bench.TrainStream[0];
        Assert.Equal([0, 1], exp0.Classes);
        Assert.Equal([1, 5], exp0.OriginalClasses);
        for (int i = 0; i < exp0.Dataset.Count; i++)
        {
            int original = train.TargetArray[exp0.Dataset.SourceIndexAt(i)];
            Assert.Equal(original == 5 ? 0 : 1, exp0.Dataset.Targets[i]);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Ni_benchmark_assigns_every_training_sample_exactly_once(bool balanced)
    {
        using var train = SyntheticData.Make(3, 11);
        using var test = SyntheticData.Make(3, 2, "test");
        var bench = NiBenchmark.Create("ni", train, test, 4, seed: 3, balanceExperiences: balanced);

        var all = bench.TrainStream.SelectMany(e => e.Dataset.SourceIndices.ToArray()).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, 33), all);
        Assert.Single(bench.TestStream);
        Assert.Equal(6, bench.TestStream[0].Dataset.Count);
        var sizes = bench.TrainStream.Select(e => e.Dataset.Count).ToArray();
        Assert.True(sizes.Max() - sizes.Min() <= (balanced ? 3 : 1), string.Join(",", sizes));
        if (balanced)
            foreach (var exp in bench.TrainStream)
                for (int c = 0; c < 3; c++)
                    Assert.InRange(exp.Dataset.Targets.ToArray().Count(t => t == c), 2, 3);
    }

    [Fact]
    public void Ni_benchmark_with_the_same_seed_assigns_the_same_samples_and_the_minimum_per_class_holds()
    {
        using var train = SyntheticData.Make(3, 12);
        using var test = SyntheticData.Make(3, 1, "test");
        var a = NiBenchmark.Create("ni", train, test, 3, seed: 11, minClassPatternsInExp: 2);
        var b = NiBenchmark.Create("ni", train, test, 3, seed: 11, minClassPatternsInExp: 2);
        var c = NiBenchmark.Create("ni", train, test, 3, seed: 12, minClassPatternsInExp: 2);

        Assert.Equal(a.ExperienceAssignment, b.ExperienceAssignment);
        Assert.NotEqual(a.ExperienceAssignment, c.ExperienceAssignment);
        Assert.All(a.ExperienceStructure, row => Assert.All(row, count => Assert.True(count >= 2)));
        Assert.Throws<ArgumentException>(() => NiBenchmark.Create("ni", train, test, 3, minClassPatternsInExp: 5));
    }
}

/// <summary>Tests that seed torch's global generator run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchGlobalRandomCollection
{
    public const string Name = "torch global generator";
}
