using CheckpointGen.Training.Optimizers;
using CheckpointGen.Training.Plugins.Rehearsal;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Rehearsal;

public sealed class GssGreedyTests
{
    [Fact]
    public void Cosine_similarity_compares_every_row_with_every_row_and_a_zero_vector_gives_zero()
    {
        using var x1 = tensor(new float[,] { { 1, 0 }, { 1, 1 }, { 0, 0 } });
        using var x2 = tensor(new float[,] { { 0, 2 } });
        using var similarity = GradientSimilarity.Cosine(x1, x2);
        Assert.Equal([3L, 1], similarity.shape);
        Assert.Equal([0f, (float)(1 / Math.Sqrt(2)), 0f], similarity.data<float>().ToArray());
    }

    [Fact]
    public void A_samples_gradient_vector_is_every_parameters_gradient_flattened()
    {
        // A 2→2 linear model at zero, x = (1, 0) of class 0: dL/dW = (softmax − onehot)·xᵀ = [[-0.5, 0], [0.5, 0]], dL/db = [-0.5, 0.5].
        var model = nn.Linear(2, 2);
        using (no_grad()) { model.weight!.zero_(); model.bias!.zero_(); }
        var strategy = new Naive(model, new GcSafeSgd(model.parameters(), 0.1), nn.CrossEntropyLoss());
        using var x = tensor(new float[,] { { 1, 0 } });
        using var y = tensor(new long[] { 0 });
        using var gradient = GradientSimilarity.Of(strategy, model.parameters().ToList(), x, y, zeros(1, ScalarType.Int64));
        Assert.Equal([-0.5f, 0, 0.5f, 0, -0.5f, 0.5f], gradient.data<float>().ToArray());
    }

    [Fact]
    public void The_memory_fills_from_the_minibatches_first_with_score_0_1_then_scored_and_stays_full()
    {
        var run = RehearsalRuns.Gss();
        var strategy = (GssGreedy)run.Strategy;
        run.Train(0); // 60 samples, minibatches of 16 over 2 epochs: the 40 slots fill in the first epoch
        var plugin = strategy.Plugin;
        Assert.Equal(40, plugin.Count);
        var scores = plugin.Scores!.data<float>().ToArray();
        Assert.All(scores.Take(16), s => Assert.Equal(0.1f, s));
        Assert.All(scores.Skip(16), s => Assert.InRange(s, -1f, 1f));
        Assert.Contains(scores.Skip(16), s => s != 0.1f);
        Assert.All(plugin.MemoryTargets!.data<long>().ToArray(), c => Assert.Contains(c, new long[] { 0, 1 }));
        run.Train(1);
        Assert.Equal(40, plugin.Count);
    }

    [Fact]
    public void From_the_second_experience_every_minibatch_carries_a_memory_minibatch()
    {
        var (benchmark, model) = Runs.Fresh();
        var sizes = new List<long>();
        var strategy = new GssGreedy(model, Runs.Sgd(model.parameters()), nn.CrossEntropyLoss(), memSize: 40, memStrength: 3, batchSizeMem: 6,
            options: Runs.Options() with { Plugins = [new MinibatchSizes(sizes)] });
        strategy.Train(benchmark.TrainStream[0]);
        Assert.Equal([16L, 16, 16, 12, 16, 16, 16, 12], sizes);
        sizes.Clear();
        strategy.Train(benchmark.TrainStream[1]);
        // Memory minibatches of 6 from the 40 slots: six of 6, a short one of 4, then a new pass.
        Assert.Equal([22L, 22, 22, 18, 22, 22, 20, 18], sizes);
    }

    [Fact]
    public void GSS_resumed_after_experience_1_is_bit_identical() => ResumeHarness.AssertStopAfterExperienceIsInvisible(RehearsalRuns.Gss, 3, 1);

    [Fact]
    public void GSS_resumed_inside_experience_2_is_bit_identical() => ResumeHarness.AssertStopInsideExperienceIsInvisible(RehearsalRuns.Gss, 3, 2, 3);

    [Fact]
    public void GSS_on_an_online_stream_resumes_between_and_inside_mini_experiences()
    {
        static ResumableRun Build() => RehearsalRuns.Online((model, optimizer, options) =>
            new GssGreedy(model, optimizer, nn.CrossEntropyLoss(), memSize: 20, memStrength: 2, batchSizeMem: 4, options: options));
        ResumeHarness.AssertStopAfterExperienceIsInvisible(Build, RehearsalRuns.OnlineExperiences, 4);
        ResumeHarness.AssertStopInsideExperienceIsInvisible(Build, RehearsalRuns.OnlineExperiences, 6, 2);
    }
}
