using CheckpointGen.Training.Plugins.Rehearsal;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Tests.Support;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Rehearsal;

public sealed class BicTests
{
    [Fact]
    public void The_bias_layer_scales_and_shifts_only_the_outputs_of_its_classes()
    {
        var layer = new BiasLayer([2, 1, 2]);
        using var output = tensor(new float[,] { { 1, 2, 3 } });
        using var alpha = tensor(new float[] { 2 });
        using var beta = tensor(new float[] { 0.5f });
        using var corrected = layer.Apply(output, alpha, beta);
        Assert.Equal([1, 2], layer.Classes);
        Assert.Equal(new float[] { 1, 4.5f, 6.5f }, corrected.data<float>().ToArray());
        using var unchanged = layer.Forward(output);
        Assert.Equal(new float[] { 1, 2, 3 }, unchanged.data<float>().ToArray());
    }

    [Fact]
    public void The_distillation_is_cross_entropy_to_the_old_outputs_softmax_over_the_minibatch()
    {
        // T = 2. Old outputs / 2 = [[0, ln 3], [0, 0]]: softmax over the minibatch (dim 0) gives columns (0.5, 0.5) and (0.75, 0.25).
        // log_softmax([1, 0]) = (−0.3132617, −1.3132617), log_softmax([0, 0]) = −ln 2 each:
        // −(0.5·(−0.3132617) + 0.75·(−1.3132617) + 0.5·(−0.6931472) + 0.25·(−0.6931472)) / 2 = 0.8307230.
        using var output = tensor(new float[,] { { 2, 0, 7 }, { 0, 0, 7 } });
        using var old = tensor(new float[,] { { 0, (float)Math.Log(9), 7 }, { 0, 0, 7 } });
        using var loss = BicPlugin.DistillationLoss(output, old, [0, 1], 2);
        Assert.Equal(0.8307230, loss.item<float>(), 5);
    }

    [Fact]
    public void Each_class_gives_its_first_samples_to_the_validation_memory_split_over_the_classes_seen()
    {
        var run = ExemplarRuns.Bic();
        var strategy = (BiC)run.Strategy;
        run.Train(0);
        // 10% of 120 = 12 over 2 classes: the first 6 samples of each class; 60 − 12 = 48 trained on.
        var data = run.Benchmark.TrainStream[0].Dataset;
        var targets = data.Targets.ToArray();
        var firstSix = Enumerable.Range(0, data.Count).Where(i => targets[i] == 1).Take(6).Select(i => data.SourceIndices[i]).Order();
        Assert.Equal(firstSix, strategy.Plugin.ValidationOf(1)!.SourceIndices.ToArray().Order());
        Assert.Equal(48, strategy.Plugin.TrainData!.Count);
        Assert.Null(strategy.Plugin.BiasLayer);
        run.Train(1);
        // 12 over 4 classes: 3 each.
        Assert.Equal([3, 3, 3, 3], new[] { 0, 1, 2, 3 }.Select(c => strategy.Plugin.ValidationOf(c)!.Count));
        Assert.Equal([3, 3, 2, 2, 2], strategy.Plugin.ValidationLengths(5));
    }

    [Fact]
    public void From_the_second_experience_a_bias_layer_over_its_classes_is_trained_and_corrects_the_evaluation_outputs()
    {
        var run = ExemplarRuns.Bic();
        var strategy = (BiC)run.Strategy;
        run.Train(0);
        run.Train(1);
        var layer = strategy.Plugin.BiasLayer!;
        Assert.Equal([2, 3], layer.Classes);
        Assert.False(layer.Alpha.item<float>() == 1 && layer.Beta.item<float>() == 0, "stage 2 did not move the bias layer");

        var outputs = new List<Tensor>();
        var recorder = new EvalOutputs(outputs);
        strategy.AddPlugin(recorder);
        strategy.Eval(run.Benchmark.TestStream);
        var test = run.Benchmark.TestStream[1].Dataset;
        using var inputs = test.GatherInputs(Enumerable.Range(0, test.Count).ToArray(), modelInputs: true); // one evaluation minibatch of 32 holds them all
        strategy.Model.eval();
        using var raw = ((TorchSharp.torch.nn.Module<Tensor, Tensor>)strategy.Model).call(inputs);
        using var expected = layer.Forward(raw);
        Assert.True(expected.allclose(outputs[1], rtol: 0, atol: 1e-6), "the evaluation outputs are not the bias-corrected model outputs");
    }

    [Fact]
    public void BiC_resumed_after_experience_1_is_bit_identical_and_keeps_its_bias_layer()
    {
        var straight = ExemplarRuns.Bic();
        for (int k = 0; k < 3; k++) straight.Train(k);
        var first = ExemplarRuns.Bic();
        first.Train(0);
        first.Train(1);
        var checkpoint = ResumeHarness.Save(first.Strategy, first.Benchmark);
        var resumed = ExemplarRuns.Bic();
        ResumeHarness.Restore(resumed.Strategy, checkpoint, resumed.Benchmark);
        var restoredLayer = ((BiC)resumed.Strategy).Plugin.BiasLayer!;
        Assert.Equal(((BiC)first.Strategy).Plugin.BiasLayer!.Alpha.item<float>(), restoredLayer.Alpha.item<float>());
        resumed.Train(2);
        Snapshot.Of(straight.Strategy).AssertEqual(Snapshot.Of(resumed.Strategy), "stop after experience 1");
        var expected = ((BiC)straight.Strategy).Plugin.BiasLayer!;
        var actual = ((BiC)resumed.Strategy).Plugin.BiasLayer!;
        Assert.Equal(expected.Alpha.item<float>(), actual.Alpha.item<float>());
        Assert.Equal(expected.Beta.item<float>(), actual.Beta.item<float>());
    }

    [Fact]
    public void BiC_resumed_inside_experience_2_is_bit_identical() => ResumeHarness.AssertStopInsideExperienceIsInvisible(ExemplarRuns.Bic, 3, 2, 3);

    /// <summary>Keeps a copy of the first evaluation minibatch's output of each experience.</summary>
    private sealed class EvalOutputs(List<Tensor> outputs) : Training.Plugins.IStrategyPlugin
    {
        private bool _first;

        void Training.Plugins.IStrategyPlugin.BeforeEvalExp(Training.Templates.SupervisedTemplate strategy) => _first = true;

        void Training.Plugins.IStrategyPlugin.AfterEvalForward(Training.Templates.SupervisedTemplate strategy)
        {
            if (!_first) return;
            _first = false;
            outputs.Add(strategy.MbOutput.detach().clone().DetachFromDisposeScope());
        }
    }
}
