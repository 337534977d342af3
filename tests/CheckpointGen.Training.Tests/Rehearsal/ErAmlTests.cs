using CheckpointGen.Training.Plugins.Rehearsal;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Rehearsal;

public sealed class ErAmlTests
{
    [Fact]
    public void The_loss_is_the_contrastive_term_against_a_positive_and_a_negative_plus_the_memory_cross_entropy()
    {
        // Identity features. Incoming e0 (class 0) and e1 (class 1); the replay memory holds e0 (class 0) and e1 (class 1),
        // so each incoming sample's positive and negative are forced. Normalising scales every vector by c = 1 / (1 + 1e-5).
        // Anchors [e0, e1, e0, e1], features [e0, e1, e1, e0]: similarity k·M with k = 10c² = 9.9998 and M the positive mask
        // (two 1s per row). Every row's log-normaliser is L = ln(2 + 2e^-k) = 0.6931926 and the positives' log-probability is -L,
        // so the term is (0.1 / 0.07)·L = 0.9902751. Memory: CE of [0, 0] = ln 2.
        var loss = new AsymmetricMetricLearning(x => x, temperature: 0.1, baseTemperature: 0.07);
        using var inputs = tensor(new float[,] { { 1, 0 }, { 0, 1 } });
        using var targets = tensor(new long[] { 0, 1 });
        using var tasks = zeros(2, ScalarType.Int64);
        using var bufferOutput = tensor(new float[,] { { 0, 0 } });
        using var bufferTargets = tensor(new long[] { 0 });
        using var value = loss.Loss(inputs, targets, tasks, bufferOutput, bufferTargets, inputs, targets, tasks);
        Assert.Equal(0.9902751 + 0.6931472, value.item<float>(), 5);
    }

    [Fact]
    public void A_sample_with_no_positive_in_the_memory_is_an_error_that_says_so()
    {
        var loss = new AsymmetricMetricLearning(x => x);
        using var inputs = tensor(new float[,] { { 1, 0 } });
        using var targets = tensor(new long[] { 5 });
        using var tasks = zeros(1, ScalarType.Int64);
        using var memory = tensor(new long[] { 0 });
        var error = Assert.Throws<InvalidOperationException>(() => loss.Loss(inputs, targets, tasks, inputs, memory, inputs, memory, tasks));
        Assert.Contains("no positive", error.Message);
    }

    [Fact]
    public void A_class_with_fewer_samples_in_the_buffer_than_a_minibatch_is_an_error_where_Avalanche_would_hang()
    {
        var (benchmark, model) = Runs.Fresh();
        var strategy = new ErAml(model, Runs.Sgd(model.parameters()), nn.CrossEntropyLoss(), RehearsalRuns.Features(model), memSize: 20, batchSizeMem: 6, options: Runs.Options());
        strategy.Train(benchmark.TrainStream[0]);
        var error = Assert.Throws<InvalidOperationException>(() => strategy.Train(benchmark.TrainStream[1]));
        Assert.Contains("has only 5", error.Message); // 20 samples over 4 classes, minibatches of 16
    }

    [Fact]
    public void A_model_without_features_needs_a_feature_extractor()
    {
        using var model = nn.Linear(4, 2);
        var error = Assert.Throws<ArgumentException>(() => ErAmlPlugin.FeaturesOf(model));
        Assert.Contains("IFeatureExtractor", error.Message);
    }

    [Fact]
    public void ER_AML_resumed_after_experience_1_is_bit_identical() => ResumeHarness.AssertStopAfterExperienceIsInvisible(RehearsalRuns.ErAml, 3, 1);

    [Fact]
    public void ER_AML_resumed_inside_experience_2_is_bit_identical() => ResumeHarness.AssertStopInsideExperienceIsInvisible(RehearsalRuns.ErAml, 3, 2, 3);

    [Fact]
    public void ER_AML_on_an_online_stream_resumes_between_and_inside_mini_experiences()
    {
        static ResumableRun Build() => RehearsalRuns.Online((model, optimizer, options) =>
            new ErAml(model, optimizer, nn.CrossEntropyLoss(), RehearsalRuns.Features(model), memSize: 60, batchSizeMem: 4, options: options), batchSize: 2);
        ResumeHarness.AssertStopAfterExperienceIsInvisible(Build, RehearsalRuns.OnlineExperiences, 5);
        ResumeHarness.AssertStopInsideExperienceIsInvisible(Build, RehearsalRuns.OnlineExperiences, 7, 4);
    }
}
