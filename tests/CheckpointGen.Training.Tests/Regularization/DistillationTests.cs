using CheckpointGen.Training.Models;
using CheckpointGen.Training.Optimizers;
using CheckpointGen.Training.Plugins.Regularization;
using CheckpointGen.Training.Plugins;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Templates;
using CheckpointGen.Training.Tests.Support;
using CheckpointGen.Training.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Regularization;

/// <summary>LwF's distillation loss, the frozen previous model (LwF, LFL) and LFL's freezing.</summary>
public class DistillationTests
{
    [Fact]
    public void LwF_distillation_is_the_batch_mean_KL_divergence_over_the_previous_units_at_temperature_T()
    {
        // One sample; previous logits (ln 3, 0), current (0, 0), T = 1: q = (¾, ¼), p = (½, ½),
        // KL = ¾ ln(¾/½) + ¼ ln(¼/½).
        var loss = LwFPlugin.DistillationLoss(torch.zeros(1, 2), torch.tensor(new[] { (float)Math.Log(3), 0f }).reshape(1, 2), [0, 1], 1);
        Assert.Equal(0.75 * Math.Log(1.5) + 0.25 * Math.Log(0.5), loss.item<float>(), 1e-6);

        // Only units 0 and 2 of three, T = 2, a batch of two identical rows (batch mean = one row):
        // previous (2, ·, 0) → q = softmax(1, 0); current (0, ·, 2) → p = softmax(0, 1).
        var previous = torch.tensor(new float[] { 2, 9, 0, 2, 9, 0 }).reshape(2, 3);
        var current = torch.tensor(new float[] { 0, -9, 2, 0, -9, 2 }).reshape(2, 3);
        double q0 = Math.E / (Math.E + 1), q1 = 1 / (Math.E + 1);
        double expected = q0 * Math.Log(q0 / q1) + q1 * Math.Log(q1 / q0);
        Assert.Equal(expected, LwFPlugin.DistillationLoss(current, previous, [0, 2], 2).item<float>(), 1e-6);
    }

    [Fact]
    public void A_model_snapshot_runs_with_its_own_values_and_puts_the_live_ones_back_bit_for_bit()
    {
        torch.manual_seed(3);
        var model = new FeatureMlp();
        var x = torch.randn(4, 8);
        model.eval();
        var before = model.call(x).clone();
        var snapshot = ModelSnapshot.Of(model, training: false);
        var liveBefore = RegularizationResume.StateBytes(model);

        using (no_grad()) foreach (var p in model.parameters()) p.add_(HeldScalars.One, HeldScalars.One);
        var changed = RegularizationResume.StateBytes(model);
        var asSnapshot = snapshot.Run(model, () => model.call(x));

        Assert.Equal(RegularizationResume.Bytes(before), RegularizationResume.Bytes(asSnapshot));
        var after = RegularizationResume.StateBytes(model);
        foreach (var (name, bytes) in changed) Assert.Equal(bytes, after[name]);
        Assert.NotEqual(liveBefore["hidden.weight"], after["hidden.weight"]);
    }

    [Fact]
    public void A_snapshot_runs_on_its_own_storage_and_gives_the_live_model_its_storage_back()
    {
        // The previous model runs every minibatch (iCaRL, LwF, LFL, BiC): same-layout tensors are swapped, not copied.
        var model = new FeatureMlp();
        var snapshot = ModelSnapshot.Of(model);
        var weight = model.named_parameters().Single(p => p.name == "hidden.weight").parameter;
        long liveStorage = weight.storage<float>().data_ptr();
        long seen = snapshot.Run(model, () => weight.storage<float>().data_ptr());
        Assert.Equal(snapshot.Parameters["hidden.weight"].storage<float>().data_ptr(), seen);
        Assert.NotEqual(liveStorage, seen);
        Assert.Equal(liveStorage, weight.storage<float>().data_ptr());
    }

    [Fact]
    public void A_snapshot_of_a_smaller_layer_fills_the_leading_units_of_a_grown_one()
    {
        var small = nn.Linear(2, 2);
        var snapshot = ModelSnapshot.Of(small);
        var grown = nn.Linear(2, 3);
        var x = torch.ones(1, 2);
        var output = snapshot.Run(grown, () => grown.call(x));
        Assert.Equal(RegularizationResume.Bytes(small.call(x).detach()), RegularizationResume.Bytes(output.narrow(1, 0, 2)));
        Assert.Equal(RegularizationResume.Bytes(grown.call(x).detach().narrow(1, 2, 1)), RegularizationResume.Bytes(output.narrow(1, 2, 1)));
    }

    [Fact]
    public void LwF_adds_alpha_times_the_distillation_from_the_second_experience_on()
    {
        torch.manual_seed(5);
        var model = new FeatureMlp();
        var strategy = new LwF(model, new GcSafeSgd(model.parameters(), 0), nn.CrossEntropyLoss(), [0.5, 2], temperature: 2,
            new TemplateOptions { TrainMbSize = 8 });
        var probe = new PenaltyProbe();
        strategy.AddPlugin(probe);
        var benchmark = RegularizationFixtures.Blobs();
        strategy.Train(benchmark.TrainStream[0]);
        Assert.All(probe.Added, added => Assert.Equal(0, added));

        // lr 0: the model does not move, so the teacher has the student's weights; the divergence comes from the
        // dropout masks, drawn independently in the teacher (kept in training mode, as Avalanche's deep copy) and the student.
        probe.Added.Clear();
        strategy.Train(benchmark.TrainStream[1]);
        Assert.NotEmpty(probe.Added);
        Assert.All(probe.Added, added => Assert.True(added > 0));
    }

    [Fact]
    public void LFL_freezes_the_last_linear_layer_so_later_training_leaves_it_unchanged()
    {
        torch.manual_seed(6);
        var model = new FeatureMlp();
        var strategy = new LFL(model, new GcSafeAdam(model.parameters(), 0.05), nn.CrossEntropyLoss(), lambdaE: 1, new TemplateOptions { TrainMbSize = 8 });
        var benchmark = RegularizationFixtures.Blobs();
        strategy.Train(benchmark.TrainStream[0]);
        var frozen = RegularizationResume.StateBytes(model);
        strategy.Train(benchmark.TrainStream[1]);
        var after = RegularizationResume.StateBytes(model);
        Assert.Equal(frozen["classifier.weight"], after["classifier.weight"]);
        Assert.Equal(frozen["classifier.bias"], after["classifier.bias"]);
        Assert.NotEqual(frozen["hidden.weight"], after["hidden.weight"]);
    }

    [Fact]
    public void LFL_refuses_a_model_without_features()
    {
        var model = nn.Sequential(("fc", nn.Linear(8, 6)));
        var strategy = new LFL(model, new GcSafeSgd(model.parameters(), 0.1), nn.CrossEntropyLoss(), 1);
        var error = Assert.Throws<NotSupportedException>(() => strategy.Train(RegularizationFixtures.Blobs().TrainStream[0]));
        Assert.Contains(nameof(IFeatureExtractor), error.Message);
    }

    /// <summary>Records how much the strategy's plugin added to the loss (it runs first; this probe sees the loss before and after via two events).</summary>
    private sealed class PenaltyProbe : IStrategyPlugin
    {
        private double _criterionLoss;

        public List<double> Added { get; } = [];

        void IStrategyPlugin.AfterForward(SupervisedTemplate strategy) =>
            _criterionLoss = strategy.Criterion.call(strategy.MbOutput, strategy.MbY).item<float>();

        void IStrategyPlugin.BeforeBackward(SupervisedTemplate strategy) => Added.Add(strategy.Loss.item<float>() - _criterionLoss);
    }
}
