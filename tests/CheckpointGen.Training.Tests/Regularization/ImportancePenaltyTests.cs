using CheckpointGen.Training.Optimizers;
using CheckpointGen.Training.Plugins.Regularization;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Templates;
using TorchSharp;
using static TorchSharp.torch;
using static CheckpointGen.Training.Tests.Support.RegularizationFixtures;

namespace CheckpointGen.Training.Tests.Regularization;

/// <summary>
/// EWC, SI and MAS on a bias-free Linear(1 → 2) (two weights w0, w1), trained with learning rate 0
/// where the weights must not move, so that every importance is a number worked out by hand:
/// at w = 0 the softmax is (½, ½), and the cross-entropy gradient of a sample (x, y) is
/// ((p0 − [y=0]) x, (p1 − [y=1]) x).
/// </summary>
public class ImportancePenaltyTests
{
    private static readonly TemplateOptions OneByOne = new() { TrainMbSize = 1, TrainEpochs = 1 };

    // Sample (x=1, y=0): gradient (−½, ½) → squares (¼, ¼). Sample (x=2, y=1): gradient (1, −1) → squares (1, 1).
    private static readonly Func<Benchmarks.Data.DatasetView> TwoSamples = () => Scalars("two", [1f, 2f], [0, 1]);

    /// <summary>Equal to float32 rounding (the norm is computed as a square root, then squared).</summary>
    private static void AssertClose(double[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-6 * Math.Max(1, Math.Abs(expected[i])) * 4);
    }

    private static float[] Flat(Tensor t) => t.detach().cpu().reshape(-1).data<float>().ToArray();

    [Fact]
    public void EWC_importance_is_the_mean_squared_gradient_and_the_penalty_weights_squared_drift_by_it()
    {
        var model = TwoWeights(0, 0);
        var strategy = new EWC(model, new GcSafeSgd(model.parameters(), 0), nn.CrossEntropyLoss(), ewcLambda: 3, options: OneByOne);
        strategy.Train(Experiences(TwoSamples()).TrainStream[0]);

        // Mean over the two minibatches: (¼ + 1) / 2 = 0.625 for both weights.
        Assert.Equal([0.625f, 0.625f], Flat(strategy.Plugin.Importances[0]["weight"]));
        Assert.Equal([0f, 0f], Flat(strategy.Plugin.SavedParams[0]["weight"]));

        SetWeights(model, 1, 2);
        // 0.625·1² + 0.625·2² = 3.125.
        Assert.Equal(3.125f, strategy.Plugin.Penalty(model, 1).item<float>(), 6);
    }

    [Fact]
    public void EWC_online_decays_the_old_importance_and_keeps_only_the_last_experience()
    {
        var model = TwoWeights(0, 0);
        var strategy = new EWC(model, new GcSafeSgd(model.parameters(), 0), nn.CrossEntropyLoss(), 3, EwcMode.Online, decayFactor: 0.5, options: OneByOne);
        // Experience 1: one sample (x=2, y=1) → importance (1, 1); online: 0.5 · 0.625 + 1 = 1.3125.
        var benchmark = Experiences(TwoSamples(), Scalars("one", [2f], [1]));
        strategy.Train(benchmark.TrainStream[0]);
        strategy.Train(benchmark.TrainStream[1]);
        Assert.Equal([1], strategy.Plugin.Importances.Keys);
        Assert.Equal([1], strategy.Plugin.SavedParams.Keys);
        Assert.Equal([1.3125f, 1.3125f], Flat(strategy.Plugin.Importances[1]["weight"]));
    }

    [Fact]
    public void EWC_adds_lambda_times_the_penalty_to_the_loss_before_the_backward_pass()
    {
        var model = TwoWeights(0, 0);
        var strategy = new EWC(model, new GcSafeSgd(model.parameters(), 0), nn.CrossEntropyLoss(), ewcLambda: 3, options: OneByOne);
        var probe = new LossProbe();
        strategy.AddPlugin(probe);
        var benchmark = Experiences(TwoSamples(), Scalars("one", [1f], [0]));
        strategy.Train(benchmark.TrainStream[0]);
        SetWeights(model, 1, 2);
        strategy.Train(benchmark.TrainStream[1]);
        // Cross-entropy of (x=1, y=0) at w=(1,2): log(e¹ + e²) − 1; EWC adds 3 · 3.125.
        double crossEntropy = Math.Log(Math.E + Math.E * Math.E) - 1;
        Assert.Equal(crossEntropy + 3 * 3.125, probe.LastLoss, 5);
    }

    [Fact]
    public void SI_importance_is_the_negative_path_integral_over_the_squared_drift_plus_eps()
    {
        // One SGD step of lr 1e-4 on (x=1, y=0) from w=0: g = (−½, ½), Δ = −lr·g, trajectory g·Δ = −lr/4 per weight,
        // importance = (lr/4) / ((lr/2)² + eps).
        const double lr = 1e-4, eps = 0.1;
        var model = TwoWeights(0, 0);
        var strategy = new SynapticIntelligence(model, new GcSafeSgd(model.parameters(), lr), nn.CrossEntropyLoss(), siLambda: 2, eps: eps, options: OneByOne);
        strategy.Train(Experiences(Scalars("one", [1f], [0])).TrainStream[0]);

        double expected = (lr / 4) / (lr / 2 * (lr / 2) + eps);
        var importance = Flat(strategy.Plugin.Importance["weight"]);
        Assert.All(importance, v => Assert.Equal(expected, v, 1e-9));
        Assert.Equal(new[] { (float)(lr / 2), (float)(-lr / 2) }, Flat(strategy.Plugin.Anchor["weight"]));

        // Penalty λ/2 · Σ imp·(w − anchor)² at w = anchor + (1, 1): 2/2 · 2 · imp.
        var anchor = Flat(strategy.Plugin.Anchor["weight"]);
        SetWeights(model, anchor[0] + 1, anchor[1] + 1);
        Assert.Equal(2 * expected, strategy.Plugin.Penalty(model, 2)!.item<float>(), 1e-8);
    }

    [Fact]
    public void SI_importance_is_clipped_at_one_thousandth_like_Avalanche()
    {
        // With lr 1 the unclipped importance is (1/4) / (1/4 + 0.1) ≈ 0.714.
        var model = TwoWeights(0, 0);
        var strategy = new SynapticIntelligence(model, new GcSafeSgd(model.parameters(), 1), nn.CrossEntropyLoss(), 1, eps: 0.1, options: OneByOne);
        strategy.Train(Experiences(Scalars("one", [1f], [0])).TrainStream[0]);
        Assert.Equal([0.001f, 0.001f], Flat(strategy.Plugin.Importance["weight"]));
    }

    [Fact]
    public void SI_skips_batch_norm_and_excluded_parameters()
    {
#pragma warning disable CKPT0009 // the batch-norm layer is filtered, never run forward
        var model = nn.Sequential(("body", nn.Linear(2, 2)), ("norm", nn.BatchNorm1d(2)), ("head", nn.Linear(2, 2)));
#pragma warning restore CKPT0009
        var allowed = ParameterFilter.Allowed(model, ["head"]).Select(p => p.Name).ToList();
        Assert.Equal(["body.weight", "body.bias"], allowed);
        Assert.Equal(["body.weight"], ParameterFilter.Allowed(model, ["*.bias", "h?ad", "norm"]).Select(p => p.Name));
    }

    [Fact]
    public void MAS_importance_is_the_mean_absolute_gradient_of_the_squared_output_norm_and_merges_with_alpha()
    {
        // ‖(w0 x, w1 x)‖² has gradient (2 w0 x², 2 w1 x²). At w = (1, −1): x=1 → |·| = (2, 2); x=2 → (8, 8); mean (5, 5).
        var model = TwoWeights(1, -1);
        var strategy = new MAS(model, new GcSafeSgd(model.parameters(), 0), nn.CrossEntropyLoss(), lambdaReg: 1, alpha: 0.25, options: OneByOne);
        var benchmark = Experiences(TwoSamples(), Scalars("three", [3f], [0]));
        strategy.Train(benchmark.TrainStream[0]);
        AssertClose([5, 5], Flat(strategy.Plugin.Importance!["weight"]));

        SetWeights(model, 2, 1);
        // 5·(2−1)² + 5·(1+1)² = 25.
        Assert.Equal(25, strategy.Plugin.Penalty(model).item<float>(), 1e-4);

        // Experience 1 at w = (2, 1), x = 3: (2·2·9, 2·1·9) = (36, 18); merged 0.25·5 + 0.75·new.
        strategy.Train(benchmark.TrainStream[1]);
        AssertClose([0.25 * 5 + 0.75 * 36, 0.25 * 5 + 0.75 * 18], Flat(strategy.Plugin.Importance!["weight"]));
    }

    /// <summary>Records the loss the backward pass will see (after the strategy's plugin added its penalty).</summary>
    private sealed class LossProbe : Plugins.IStrategyPlugin
    {
        public double LastLoss { get; private set; }

        void Plugins.IStrategyPlugin.BeforeBackward(SupervisedTemplate strategy) => LastLoss = strategy.Loss.item<float>();
    }
}
