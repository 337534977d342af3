using CheckpointGen.Training.Plugins.Rehearsal;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Rehearsal;

public sealed class DerTests
{
    [Fact]
    public void The_loss_is_cross_entropy_on_the_experience_plus_alpha_mse_to_the_stored_logits_plus_beta_memory_cross_entropy()
    {
        using var dataOutput = tensor(new float[,] { { 1, 0 }, { 0, 1 } });
        using var dataTargets = tensor(new long[] { 0, 1 });
        using var memoryOutput = tensor(new float[,] { { 2, 0 } });
        using var memoryTargets = tensor(new long[] { 1 });
        using var logits = tensor(new float[,] { { 1, 1 } });
        // CE of [1, 0] for class 0 = ln(1 + e^-1) = 0.3132617 (both rows); MSE((2, 0), (1, 1)) = 1; CE of [2, 0] for class 1 = ln(1 + e^2) = 2.1269280.
        using var derPlusPlus = DerPlugin.Loss(dataOutput, dataTargets, memoryOutput, memoryTargets, logits, alpha: 0.1, beta: 0.5);
        Assert.Equal(0.3132617 + 0.1 * 1 + 0.5 * 2.1269280, derPlusPlus.item<float>(), 5);
        using var der = DerPlugin.Loss(dataOutput, dataTargets, memoryOutput, memoryTargets, logits, alpha: 0.1, beta: 0);
        Assert.Equal(0.3132617 + 0.1, der.item<float>(), 5);
    }

    [Fact]
    public void Logits_stored_before_the_model_grew_are_compared_on_the_units_they_have()
    {
        // The memory sample's logits were stored when the model had one unit: NaN for the second. MSE = (3 − 1)² / 1.
        using var dataOutput = tensor(new float[,] { { 0, 0 } });
        using var dataTargets = tensor(new long[] { 0 });
        using var memoryOutput = tensor(new float[,] { { 3, 100 } });
        using var memoryTargets = tensor(new long[] { 0 });
        using var logits = tensor(new float[,] { { 1, float.NaN } });
        using var loss = DerPlugin.Loss(dataOutput, dataTargets, memoryOutput, memoryTargets, logits, alpha: 1, beta: 0);
        Assert.Equal(Math.Log(2) + 4, loss.item<float>(), 5);
    }

    [Fact]
    public void DER_on_a_multi_head_model_whose_heads_grow_resumes_inside_an_experience()
    {
        static ResumableRun Build()
        {
            var (_, model) = Runs.Fresh();
            // Task labels with the classes' own ids: the head of task t grows to 2t + 2 units.
            var benchmark = Benchmarks.Scenarios.NcBenchmark.Create("synthetic", SyntheticData.Make("train"), SyntheticData.Make("test", perClass: 10, seed: 2), 3,
                taskLabels: true, shuffle: false);
            var multiTask = Training.Models.MultiTask.AsMultitask(model, Training.Models.SimpleMlp.ClassifierName);
            return new(new DER(multiTask, Runs.Sgd(multiTask.parameters()), nn.CrossEntropyLoss(), memSize: 24, batchSizeMem: 8, options: Runs.Options(Runs.Sgd)), benchmark);
        }
        ResumeHarness.AssertStopInsideExperienceIsInvisible(Build, 3, 2, 3);
    }

    [Fact]
    public void After_an_experience_the_buffer_holds_each_samples_logits_in_evaluation_mode()
    {
        var run = RehearsalRuns.Der();
        run.Train(0);
        var strategy = (DER)run.Strategy;
        var buffer = strategy.Plugin.StoragePolicy.Buffer!;
        Assert.Equal(24, buffer.Count); // 2 classes of 30 samples, 24 / 2 = 12 kept of each
        using var stored = strategy.Plugin.StoragePolicy.Values!;
        strategy.Model.eval();
        using var noGrad = no_grad();
        var positions = Enumerable.Range(0, buffer.Count).ToArray();
        using var inputs = buffer.GatherInputs(positions, modelInputs: true);
        using var expected = ((nn.Module<Tensor, Tensor>)strategy.Model).call(inputs);
        Assert.Equal(expected.shape, stored.shape);
        Assert.True(expected.allclose(stored, rtol: 0, atol: 1e-6), "the stored logits are not the model's outputs in evaluation mode");
    }

    [Fact]
    public void Replay_starts_only_once_the_buffer_holds_a_memory_minibatch_and_then_adds_one_to_every_minibatch()
    {
        var (benchmark, model) = Runs.Fresh();
        var sizes = new List<long>();
        var recorder = new MinibatchSizes(sizes);
        var strategy = new DER(model, Runs.Sgd(model.parameters()), nn.CrossEntropyLoss(), memSize: 24, batchSizeMem: 8, options: Runs.Options() with { Plugins = [recorder] });
        strategy.Train(benchmark.TrainStream[0]);
        Assert.All(sizes, s => Assert.True(s <= 16));
        sizes.Clear();
        strategy.Train(benchmark.TrainStream[1]);
        // 60 samples in minibatches of 16 (16, 16, 16, 12), each with 8 memory samples, 2 epochs.
        Assert.Equal([24L, 24, 24, 20, 24, 24, 24, 20], sizes);
    }

    [Fact]
    public void A_training_experience_with_replay_disposes_every_tensor_it_creates()
    {
        // Training on the same experience again replaces the buffer's logits row for row, so nothing created is kept.
        // A tensor left to the finalizer frees its native memory at a random time, on another thread.
        var (benchmark, model) = Runs.Fresh();
        var strategy = new DER(model, Runs.Sgd(model.parameters()), nn.CrossEntropyLoss(), memSize: 24, batchSizeMem: 8, options: Runs.Options());
        strategy.Train(benchmark.TrainStream[0]);
        strategy.Train(benchmark.TrainStream[1]);
        var tensors = DisposeScopeManager.Statistics.TensorStatistics;
        long created = tensors.CreatedInScopeCount + tensors.CreatedOutsideScopeCount;
        long disposed = tensors.DisposedInScopeCount + tensors.DisposedOutsideScopeCount;
        strategy.Train(benchmark.TrainStream[1]);
        long createdNow = tensors.CreatedInScopeCount + tensors.CreatedOutsideScopeCount - created;
        long disposedNow = tensors.DisposedInScopeCount + tensors.DisposedOutsideScopeCount - disposed;
        Assert.True(createdNow > 0, "no tensor was counted: the statistics are not this thread's");
        Assert.Equal(createdNow, disposedNow);
    }

    [Fact]
    public void DER_resumed_after_experience_1_is_bit_identical() => ResumeHarness.AssertStopAfterExperienceIsInvisible(() => RehearsalRuns.Der(), 3, 1);

    [Fact]
    public void DER_plus_plus_resumed_inside_experience_2_is_bit_identical() => ResumeHarness.AssertStopInsideExperienceIsInvisible(() => RehearsalRuns.Der(), 3, 2, 3);

    [Fact]
    public void DER_without_beta_resumed_inside_experience_1_is_bit_identical() => ResumeHarness.AssertStopInsideExperienceIsInvisible(() => RehearsalRuns.Der(beta: 0), 3, 1, 5);

    [Fact]
    public void DER_on_an_online_stream_resumes_between_and_inside_mini_experiences()
    {
        static ResumableRun Build() => RehearsalRuns.Online((model, optimizer, options) =>
            new DER(model, optimizer, nn.CrossEntropyLoss(), memSize: 18, batchSizeMem: 4, alpha: 0.3, beta: 0.5, options));
        ResumeHarness.AssertStopAfterExperienceIsInvisible(Build, RehearsalRuns.OnlineExperiences, 4);
        ResumeHarness.AssertStopInsideExperienceIsInvisible(Build, RehearsalRuns.OnlineExperiences, 6, 2);
    }
}
