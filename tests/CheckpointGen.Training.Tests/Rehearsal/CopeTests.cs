using CheckpointGen.Training.Plugins;
using CheckpointGen.Training.Plugins.Prototypes;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Templates;
using CheckpointGen.Training.Tests.Support;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Rehearsal;

public sealed class CopeTests
{
    [Fact]
    public void The_pseudo_prototypical_proxy_loss_matches_the_hand_computed_value()
    {
        // T = 0.5, prototypes p0 = (1, 0), p1 = (0, 1); samples a = (1, 0) and b = (0.6, 0.8) of class 0, c = (0, 1) of class 1.
        // s(z) = 1 / (1 + e^−z); each probability is e^(u·x/T) over itself plus the other prototype's term.
        // Class 0, attractor: for a, the candidates b and p0 give s(1.2) and s(2): log((s(1.2) + s(2)) / 2);
        //   for b, a and p0 give s(−0.4) each: log s(−0.4).
        // Class 0, repellor (c against a, b, p0): P = s(−2), s(−0.4), s(−2); each pseudo-prototype averaged with p0:
        //   log(1 − s(−2)) + log(1 − (s(−0.4) + s(−2)) / 2).
        // Class 1: attractor log s(2) (p1 only); repellor for a: log(1 − s(−2)), for b: log(1 − s(0.4)).
        // Loss = −(sum) / 3 = 0.900350.
        using var x = tensor(new float[,] { { 1, 0 }, { 0.6f, 0.8f }, { 0, 1 } });
        using var y = tensor(new long[] { 0, 0, 1 });
        using var prototypes = tensor(new float[,] { { 1, 0 }, { 0, 1 } });

        using var loss = PseudoPrototypicalProxyLoss.Loss(x, y, [0, 1], prototypes, temperature: 0.5);

        Assert.Equal(0.900350, loss.item<float>(), 5);
    }

    [Fact]
    public void A_minibatch_of_one_class_has_only_the_prototype_attractor_term()
    {
        // a = (1, 0) of class 0, T = 0.5: P(0 | a) through p0 is e² / (e² + e⁰) = s(2); loss −log s(2) = 0.126928.
        using var x = tensor(new float[,] { { 1, 0 } }, requires_grad: true);
        using var y = tensor(new long[] { 0 });
        using var prototypes = tensor(new float[,] { { 1, 0 }, { 0, 1 } });

        using var loss = PseudoPrototypicalProxyLoss.Loss(x, y, [0, 1], prototypes, temperature: 0.5);
        loss.backward();

        Assert.Equal(0.126928, loss.item<float>(), 5);
        Assert.NotNull(x.grad);
    }

    [Fact]
    public void The_prototype_moves_by_momentum_towards_the_normalized_mean_of_the_experience_and_other_classes_keep_theirs()
    {
        // p0 = (1, 0), α = 0.5; class 0's embeddings (0, 1) and (0.6, 0.8) arrive in two minibatches: mean (0.3, 0.9),
        // normalized (0.316228, 0.948683); 0.5 p0 + 0.5 that = (0.658114, 0.474342), normalized (0.811242, 0.584710).
        var memory = new ClassPrototypes(size: 2, momentum: 0.5);
        memory.AddMissing([0, 1], CPU);
        using (no_grad())
        {
            memory[0].copy_(tensor(new float[,] { { 1, 0 } }));
            memory[1].copy_(tensor(new float[,] { { 0, 1 } }));
        }
        using var first = tensor(new float[,] { { 0, 1 } });
        using var second = tensor(new float[,] { { 0.6f, 0.8f } });
        memory.Accumulate(first, tensor(new long[] { 0 }));
        memory.Accumulate(second, tensor(new long[] { 0 }));

        memory.Update();
        memory.Update(); // the sums were forgotten: nothing moves

        var p0 = memory[0].data<float>().ToArray();
        Assert.Equal(0.811242, p0[0], 5);
        Assert.Equal(0.584710, p0[1], 5);
        Assert.Equal([0f, 1f], memory[1].data<float>().ToArray());
    }

    [Fact]
    public void Prediction_is_the_nearest_prototype_as_one_hot_and_classes_without_one_are_never_predicted()
    {
        var memory = new ClassPrototypes(size: 2, momentum: 0.9);
        memory.AddMissing([0, 1, 2], CPU);
        using (no_grad())
        {
            memory[0].copy_(tensor(new float[,] { { 1, 0 } }));
            memory[1].copy_(tensor(new float[,] { { 0, 1 } }));
            memory[2].copy_(tensor(new float[,] { { -1, 0 } }));
        }
        // Dot products: (0.8, 0.6) → 0.8, 0.6, −0.8; (−0.6, 0.8) → −0.6, 0.8, 0.6; (−0.8, −0.6) → −0.8, −0.6, 0.8. Class 3 has no prototype.
        using var x = tensor(new float[,] { { 0.8f, 0.6f }, { -0.6f, 0.8f }, { -0.8f, -0.6f } });

        using var predicted = memory.Predict(x, numClasses: 4);

        Assert.Equal(new float[] { 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0 }, predicted.data<float>().ToArray());
        using var uniform = new ClassPrototypes(size: 2, momentum: 0.9).Predict(x, numClasses: 4);
        Assert.All(uniform.data<float>().ToArray(), v => Assert.Equal(0.25f, v));
    }

    [Fact]
    public void Online_CoPE_trains_one_minibatch_per_mini_experience_joined_by_as_many_memory_samples_once_the_memory_has_some()
    {
        var run = RehearsalRuns.CopeOnline();
        var sizes = new MinibatchSizeRecorder();
        run.Strategy.AddPlugin(sizes);
        for (int k = 0; k < 3; k++) run.Train(k);

        var strategy = (CoPE)run.Strategy;
        Assert.Equal([4, 8, 8], sizes.Sizes);
        Assert.Equal(18, strategy.Plugin.StoragePolicy.Count);
        Assert.Equal([0, 1, 2, 3, 4, 5], strategy.Plugin.Prototypes.Classes);
    }

    [Fact]
    public void Evaluation_outputs_the_nearest_prototype_and_the_loss_is_the_proxy_loss()
    {
        var run = RehearsalRuns.Cope();
        run.Train(0);
        var outputs = new EvalOutputRecorder();
        run.Strategy.AddPlugin(outputs);
        run.Strategy.Eval([run.Benchmark.TestStream[0]]);

        Assert.NotEmpty(outputs.RowSums);
        Assert.All(outputs.RowSums, s => Assert.Equal(1f, s));
        Assert.All(outputs.Losses, l => Assert.True(float.IsFinite(l) && l > 0, $"loss {l}"));
    }

    [Fact]
    public void A_checkpoint_taken_after_the_prototypes_grew_restores_into_a_fresh_strategy_and_continues()
    {
        // Prototypes made as classes appear: 2 after the first experience, 4 after the second, 6 at the end.
        var straight = RehearsalRuns.Cope(adaptivePrototypes: true);
        for (int k = 0; k < 3; k++) straight.Train(k);

        var first = RehearsalRuns.Cope(adaptivePrototypes: true);
        first.Train(0);
        first.Train(1);
        Assert.Equal([0, 1, 2, 3], ((CoPE)first.Strategy).Plugin.Prototypes.Classes);
        var checkpoint = ResumeHarness.Save(first.Strategy, first.Benchmark);

        var resumed = RehearsalRuns.Cope(adaptivePrototypes: true);
        var prototypes = ((CoPE)resumed.Strategy).Plugin.Prototypes;
        Assert.Empty(prototypes.Classes);
        ResumeHarness.Restore(resumed.Strategy, checkpoint, resumed.Benchmark);
        Assert.Equal([0, 1, 2, 3], prototypes.Classes);
        resumed.Train(2);
        Assert.Equal(RehearsalRuns.Prototypes(straight.Strategy).Select(p => p.Value.data<float>().ToArray()),
            RehearsalRuns.Prototypes(resumed.Strategy).Select(p => p.Value.data<float>().ToArray()));
    }

    [Fact]
    public void CoPE_resumed_after_experience_1_is_bit_identical() =>
        ResumeHarness.AssertStopAfterExperienceIsInvisible(() => RehearsalRuns.Cope(), 3, 1, RehearsalRuns.Prototypes);

    [Fact]
    public void CoPE_resumed_inside_experience_2_is_bit_identical() =>
        ResumeHarness.AssertStopInsideExperienceIsInvisible(() => RehearsalRuns.Cope(), 3, 2, 3, RehearsalRuns.Prototypes);

    [Fact]
    public void CoPE_on_an_online_stream_resumes_between_and_inside_mini_experiences()
    {
        ResumeHarness.AssertStopAfterExperienceIsInvisible(() => RehearsalRuns.CopeOnline(), RehearsalRuns.OnlineExperiences, 5, RehearsalRuns.Prototypes);
        // Two minibatches per mini-experience, so a checkpoint can fall inside one.
        ResumeHarness.AssertStopInsideExperienceIsInvisible(() => RehearsalRuns.CopeOnline(maxIterations: 2), RehearsalRuns.OnlineExperiences, 7, 1, RehearsalRuns.Prototypes);
    }

    private sealed class MinibatchSizeRecorder : IStrategyPlugin
    {
        public List<int> Sizes { get; } = [];

        void IStrategyPlugin.AfterTrainingIteration(SupervisedTemplate strategy) => Sizes.Add((int)strategy.MbY.shape[0]);
    }

    private sealed class EvalOutputRecorder : IStrategyPlugin
    {
        public List<float> RowSums { get; } = [];

        public List<float> Losses { get; } = [];

        void IStrategyPlugin.AfterEvalIteration(SupervisedTemplate strategy)
        {
            using var sums = strategy.MbOutput.sum(1);
            RowSums.AddRange(sums.data<float>().ToArray());
            Losses.Add(strategy.Loss.item<float>());
        }
    }
}
