using CheckpointGen.Training.Plugins.Rehearsal;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Rehearsal;

public sealed class ErAceTests
{
    [Fact]
    public void The_incoming_samples_cross_entropy_covers_only_the_classes_of_their_minibatch()
    {
        // Incoming classes 0 and 2: row 0 is [2, 1] over them, row 1 [0, 1]; both put 1 / (1 + e^-1) on their target,
        // -ln 0.7310586 = 0.3132617 each. Class 1's logit 3 in row 1 does not count. Memory: CE of [0, 0, 0] = ln 3.
        using var inputOutput = tensor(new float[,] { { 2, 0, 1 }, { 0, 3, 1 } });
        using var inputTargets = tensor(new long[] { 0, 2 });
        using var bufferOutput = tensor(new float[,] { { 0, 0, 0 } });
        using var bufferTargets = tensor(new long[] { 1 });
        using var loss = AsymmetricCrossEntropy.Loss(inputOutput, inputTargets, bufferOutput, bufferTargets);
        Assert.Equal((0.3132617 + 1.0986123) / 2, loss.item<float>(), 5);
    }

    [Fact]
    public void The_buffer_takes_the_experience_before_training_and_replay_starts_at_the_second_experience_with_its_own_forward()
    {
        var (benchmark, model) = Runs.Fresh();
        var sizes = new List<long>();
        var strategy = new ErAce(model, Runs.Sgd(model.parameters()), nn.CrossEntropyLoss(), memSize: 24, batchSizeMem: 6,
            Runs.Options() with { Plugins = [new MinibatchSizes(sizes), new MemoryBatchSizes(sizes)] });
        strategy.Train(benchmark.TrainStream[0]);
        Assert.Equal(24, strategy.Plugin.StoragePolicy.Count);
        Assert.DoesNotContain(-6L, sizes); // no memory minibatch in the first experience
        sizes.Clear();
        strategy.Train(benchmark.TrainStream[1]);
        Assert.Equal([0, 1, 2, 3], strategy.Plugin.StoragePolicy.SeenClasses);
        // The experience's minibatch is trained as it is (16, 16, 16, 12); a memory minibatch of 6 is forwarded beside each.
        Assert.Equal([16L, -6, 16, -6, 16, -6, 12, -6, 16, -6, 16, -6, 16, -6, 12, -6], sizes);
    }

    [Fact]
    public void ER_ACE_resumed_after_experience_1_is_bit_identical() => ResumeHarness.AssertStopAfterExperienceIsInvisible(RehearsalRuns.ErAce, 3, 1);

    [Fact]
    public void ER_ACE_resumed_inside_experience_2_is_bit_identical() => ResumeHarness.AssertStopInsideExperienceIsInvisible(RehearsalRuns.ErAce, 3, 2, 3);

    [Fact]
    public void ER_ACE_on_an_online_stream_resumes_between_and_inside_mini_experiences()
    {
        static ResumableRun Build() => RehearsalRuns.Online((model, optimizer, options) =>
            new ErAce(model, optimizer, nn.CrossEntropyLoss(), memSize: 18, batchSizeMem: 4, options));
        ResumeHarness.AssertStopAfterExperienceIsInvisible(Build, RehearsalRuns.OnlineExperiences, 5);
        ResumeHarness.AssertStopInsideExperienceIsInvisible(Build, RehearsalRuns.OnlineExperiences, 6, 1);
    }

    /// <summary>Records the memory minibatch's size, negated, after each forward pass.</summary>
    private sealed class MemoryBatchSizes(List<long> sizes) : Plugins.IStrategyPlugin
    {
        void Plugins.IStrategyPlugin.AfterForward(Templates.SupervisedTemplate strategy)
        {
            if (((ErAce)strategy).Plugin.MemoryBatch is { } memory) sizes.Add(-memory.Count);
        }
    }
}
