using CheckpointGen.Training.Models;
using CheckpointGen.Training.Plugins.Rehearsal;
using CheckpointGen.Training.Storage;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Rehearsal;

public sealed class IcarlTests
{
    [Fact]
    public void The_loss_is_binary_cross_entropy_to_one_hot_targets_whose_old_class_columns_are_the_previous_models_sigmoid()
    {
        // sigmoid(ln 3) = 0.75, sigmoid(0) = 0.5. Without a previous model the target is (0, 1):
        // (−ln 0.25 − ln 0.5) / 2 = 1.0397208. With one whose class-0 logit is 0 the target is (0.5, 1):
        // (−0.5 ln 0.75 − 0.5 ln 0.25 − ln 0.5) / 2 = 0.7650658.
        using var output = tensor(new float[,] { { (float)Math.Log(3), 0 } });
        using var targets = tensor(new long[] { 1 });
        using var oldLogits = tensor(new float[,] { { 0, 5 } });
        using var plain = IcarlLossPlugin.Loss(output, targets, null, []);
        Assert.Equal(1.0397208, plain.item<float>(), 5);
        using var distilled = IcarlLossPlugin.Loss(output, targets, oldLogits, [0]);
        Assert.Equal(0.7650658, distilled.item<float>(), 5);
    }

    [Fact]
    public void The_nearest_class_mean_classifier_scores_minus_the_distance_of_the_normalized_input_to_each_mean()
    {
        using var classifier = new NcmClassifier();
        using var e1 = tensor(new float[] { 1, 0 });
        using var e2 = tensor(new float[] { 0, 1 });
        classifier.SetClassMeans(new Dictionary<int, Tensor> { [0] = e1, [2] = e2 });
        Assert.Equal(3, classifier.NumClasses);
        // (3, 4) normalized is (0.6, 0.8): distance √0.8 to (1, 0), 1 to the zero row of class 1, √0.4 to (0, 1).
        using var input = tensor(new float[,] { { 3, 4 } });
        using var scores = classifier.call(input);
        var row = scores[0].data<float>().ToArray();
        Assert.Equal(-Math.Sqrt(0.8), row[0], 5);
        Assert.Equal(-1, row[1], 5);
        Assert.Equal(-Math.Sqrt(0.4), row[2], 5);
    }

    [Fact]
    public void The_class_means_grow_and_keep_the_rows_already_set()
    {
        using var classifier = new NcmClassifier();
        using var a = tensor(new float[] { 1, 0 });
        using var b = tensor(new float[] { 0, 1 });
        classifier.SetClassMeans(new Dictionary<int, Tensor> { [1] = a });
        classifier.SetClassMeans(new Dictionary<int, Tensor> { [3] = b });
        Assert.Equal(4, classifier.NumClasses);
        Assert.Equal(new float[] { 0, 0, 1, 0, 0, 0, 0, 1 }, classifier.ClassMeans.data<float>().ToArray());
        classifier.SetClassMeans(new Dictionary<int, Tensor> { [0] = b }, minClasses: 6);
        Assert.Equal(6, classifier.NumClasses);
    }

    [Fact]
    public void After_each_experience_every_class_keeps_its_share_of_herding_exemplars_and_has_its_mean()
    {
        var run = ExemplarRuns.Icarl(memorySize: 12);
        var strategy = (ICaRL)run.Strategy;
        run.Train(0);
        Assert.Equal([6, 6], strategy.Plugin.Memory.Select(m => m.Samples.Count));
        Assert.Equal(2, strategy.Model.EvalClassifier.NumClasses);

        // Class 0's exemplars are the ones herding ranks over its features with the trained model.
        var data = run.Benchmark.TrainStream[0].Dataset;
        var targets = data.Targets.ToArray();
        var positions = Enumerable.Range(0, data.Count).Where(i => targets[i] == 0).ToArray();
        strategy.Model.eval();
        using (var features = Herding.FeaturesOf(data, positions, strategy.Model.FeatureExtractor.call, 32, CPU))
        {
            var ranks = Herding.IcarlRanks(features, 6);
            var expected = Enumerable.Range(0, positions.Length).Where(i => ranks[i] > 0).Select(i => data.SourceIndices[positions[i]]).ToArray();
            Assert.Equal(expected, strategy.Plugin.Memory[0].Samples.View!.SourceIndices.ToArray());
        }
        strategy.Model.train();

        run.Train(1);
        // 12 over 4 classes: 3 each; the old classes keep their 3 best-ranked exemplars.
        Assert.Equal([3, 3, 3, 3], strategy.Plugin.Memory.Select(m => m.Samples.Count));
        Assert.All(strategy.Plugin.Memory, m => Assert.Equal([1, 2, 3], m.Ranks.Order()));
        Assert.Equal(4, strategy.Model.EvalClassifier.NumClasses);
        Assert.Equal([0, 1, 2, 3], strategy.LossPlugin.OldClasses);
    }

    [Fact]
    public void The_class_mean_is_the_normalized_mean_of_the_normalized_exemplar_features_and_evaluation_uses_it()
    {
        var run = ExemplarRuns.Icarl();
        var strategy = (ICaRL)run.Strategy;
        run.Train(0);
        strategy.Model.eval();
        var memory = strategy.Plugin.Memory[1].Samples.View!;
        using var features = Herding.FeaturesOf(memory, Enumerable.Range(0, memory.Count).ToArray(), strategy.Model.FeatureExtractor.call, 32, CPU);
        using var mean = Herding.Normalized(features).mean([0L]);
        using var expected = mean.div(mean.norm());
        Assert.True(expected.allclose(strategy.Model.EvalClassifier.ClassMeans[1], rtol: 0, atol: 1e-6), "class 1's mean is not the exemplars' mean");

        using var noGrad = no_grad();
        using var inputs = memory.GatherInputs([0], modelInputs: true);
        using var scores = strategy.Model.call(inputs);
        Assert.Equal([1L, 2L], scores.shape);
    }

    [Fact]
    public void A_checkpoint_taken_after_the_class_means_grew_restores_into_a_fresh_strategy_and_continues()
    {
        // Avalanche's issue #1692: the restored model has no class means yet; the saved ones have 4 rows.
        var straight = ExemplarRuns.Icarl();
        for (int k = 0; k < 3; k++) straight.Train(k);

        var first = ExemplarRuns.Icarl();
        first.Train(0);
        first.Train(1);
        Assert.Equal(4, ((ICaRL)first.Strategy).Model.EvalClassifier.NumClasses);
        var checkpoint = ResumeHarness.Save(first.Strategy, first.Benchmark);

        var resumed = ExemplarRuns.Icarl();
        var model = ((ICaRL)resumed.Strategy).Model;
        Assert.Equal(0, model.EvalClassifier.NumClasses);
        ResumeHarness.Restore(resumed.Strategy, checkpoint, resumed.Benchmark);
        Assert.Equal(4, model.EvalClassifier.NumClasses);
        Assert.True(SameValues(model.EvalClassifier.ClassMeans, ((ICaRL)first.Strategy).Model.EvalClassifier.ClassMeans), "the restored class means differ from the saved ones");
        resumed.Train(2);
        var grown = ((ICaRL)straight.Strategy).Model.EvalClassifier.ClassMeans;
        Assert.Equal(6, model.EvalClassifier.NumClasses);
        Assert.True(SameValues(model.EvalClassifier.ClassMeans, grown), "the resumed run's class means differ from the uninterrupted run's");
    }

    [Fact]
    public void ICaRL_resumed_after_experience_1_is_bit_identical() => ResumeHarness.AssertStopAfterExperienceIsInvisible(() => ExemplarRuns.Icarl(), 3, 1);

    [Fact]
    public void ICaRL_resumed_inside_experience_2_is_bit_identical() => ResumeHarness.AssertStopInsideExperienceIsInvisible(() => ExemplarRuns.Icarl(), 3, 2, 3);

    [Fact]
    public void ICaRL_without_fixed_memory_keeps_memorySize_exemplars_per_class()
    {
        var run = ExemplarRuns.Icarl(memorySize: 5, fixedMemory: false);
        run.Train(0);
        run.Train(1);
        Assert.Equal([5, 5, 5, 5], ((ICaRL)run.Strategy).Plugin.Memory.Select(m => m.Samples.Count));
    }

    private static bool SameValues(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();
}
