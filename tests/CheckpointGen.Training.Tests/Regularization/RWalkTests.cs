using CheckpointGen.Benchmarks.Scenarios;
using CheckpointGen.Training.Optimizers;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Templates;
using CheckpointGen.Training.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;
using static CheckpointGen.Training.Tests.Support.RegularizationFixtures;

namespace CheckpointGen.Training.Tests.Regularization;

/// <summary>
/// RWalk on a bias-free Linear(1 → 2) at w = (0, 0), SGD with learning rate 1, scores every iteration: at w = 0 the
/// softmax is (½, ½) and the cross-entropy gradient of (x=1, y=0) is (−½, ½), so one step moves w to (½, −½).
/// </summary>
public sealed class RWalkTests
{
    private static readonly TemplateOptions OneByOne = new() { TrainMbSize = 1, TrainEpochs = 1 };

    private static float[] Flat(Tensor t) => t.detach().cpu().reshape(-1).data<float>().ToArray();

    private static RWalk OneStep(out ContinualBenchmark benchmark)
    {
        var model = TwoWeights(0, 0);
        var strategy = new RWalk(model, new GcSafeSgd(model.parameters(), 1), nn.CrossEntropyLoss(), ewcLambda: 3, ewcAlpha: 0.9, deltaT: 1, options: OneByOne);
        benchmark = Experiences(Scalars("one", [1f], [0]), Scalars("two", [2f], [1]));
        strategy.Train(benchmark.TrainStream[0]);
        return strategy;
    }

    [Fact]
    public void After_one_step_the_importance_is_the_squared_gradient_and_importance_and_score_each_weigh_one()
    {
        var strategy = OneStep(out _);
        // Importance (¼, ¼). Loss change −g·Δθ = (¼, ¼); score ¼ / (½ · ¼ · ½² + ε) ≈ 8 for both weights:
        // each is its own maximum, so the penalty weight is 1 + 1.
        Assert.Equal([0.25f, 0.25f], Flat(strategy.Plugin.Importance["weight"]));
        var penalties = Flat(strategy.Plugin.Penalties["weight"]);
        Assert.All(penalties, p => Assert.Equal(2.0, p, 5));
        Assert.Equal([0.5f, -0.5f], Flat(strategy.Plugin.SavedParams["weight"]));
        Assert.All(Flat(strategy.Plugin.CheckpointScores["weight"]), s => Assert.Equal(0f, s));

        // Penalty at w = (1.5, 0.5): 2 · 1² + 2 · 1² = 4.
        SetWeights(strategy.Model, 1.5f, 0.5f);
        using var penalty = strategy.Plugin.Penalty(strategy.Model);
        Assert.Equal(4.0, penalty.item<float>(), 5);
    }

    [Fact]
    public void The_importance_is_a_running_average_of_the_squared_plain_loss_gradient()
    {
        var strategy = OneStep(out var benchmark);
        strategy.Train(benchmark.TrainStream[1]);
        // At w = (½, −½), (x=2, y=1): softmax (0.880797, 0.119203), gradient (1.761594, −1.761594), squared 3.103213;
        // 0.9 · 3.103213 + 0.1 · ¼ = 2.817892 (the penalty of experience 1 does not enter it).
        Assert.All(Flat(strategy.Plugin.Importance["weight"]), i => Assert.Equal(2.817892, i, 5));
    }

    private static ResumableRun Run()
    {
        var (benchmark, model) = Runs.Fresh();
        return new(new RWalk(model, Runs.Sgd(model.parameters()), nn.CrossEntropyLoss(), ewcLambda: 0.5, deltaT: 3, options: Runs.Options()), benchmark);
    }

    [Fact]
    public void RWalk_resumed_after_experience_1_is_bit_identical() => ResumeHarness.AssertStopAfterExperienceIsInvisible(Run, 3, 1);

    // Inside experience 1, one iteration after a score update (every 3 iterations of the run: its 1st and 4th): the
    // scores and the partial loss change decide the penalties that experience 2 trains with.
    [Fact]
    public void RWalk_resumed_inside_experience_1_between_score_updates_is_bit_identical() => ResumeHarness.AssertStopInsideExperienceIsInvisible(Run, 3, 1, 5);

    [Fact]
    public void RWalk_on_a_multi_head_model_whose_heads_grow_resumes_inside_an_experience()
    {
        static ResumableRun Build()
        {
            var (_, model) = Runs.Fresh();
            var benchmark = NcBenchmark.Create("synthetic", SyntheticData.Make("train"), SyntheticData.Make("test", perClass: 10, seed: 2), 3,
                taskLabels: true, shuffle: false);
            var multiTask = Training.Models.MultiTask.AsMultitask(model, Training.Models.SimpleMlp.ClassifierName);
            return new(new RWalk(multiTask, Runs.Sgd(multiTask.parameters()), nn.CrossEntropyLoss(), ewcLambda: 0.5, deltaT: 3, options: Runs.Options(Runs.Sgd)), benchmark);
        }
        ResumeHarness.AssertStopInsideExperienceIsInvisible(Build, 3, 1, 5);
    }
}
