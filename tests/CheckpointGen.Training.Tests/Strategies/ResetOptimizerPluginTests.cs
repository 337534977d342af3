using CheckpointGen.Training.Plugins;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Templates;
using CheckpointGen.Training.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Strategies;

public sealed class ResetOptimizerPluginTests
{
    private static ResumableRun Run(bool reset)
    {
        var (benchmark, model) = Runs.Fresh();
        var options = Runs.Options(Runs.Sgd);
        if (reset) options = options.WithStrategyPlugin(new ResetOptimizerPlugin());
        return new(new Naive(model, Runs.Sgd(model.parameters()), nn.CrossEntropyLoss(), options), benchmark);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Every_experience_starts_with_empty_momentum_only_with_the_plugin(bool reset)
    {
        var run = Run(reset);
        var probe = new MomentumProbe();
        run.Strategy.AddPlugin(probe);
        for (int k = 0; k < 3; k++) run.Train(k);
        Assert.Equal(3, probe.Buffers.Count);
        Assert.Equal(0, probe.Buffers[0]);
        if (reset) Assert.All(probe.Buffers, count => Assert.Equal(0, count));
        else Assert.All(probe.Buffers.Skip(1), count => Assert.True(count > 0, "without the plugin the momentum carries over"));
    }

    [Fact]
    public void Without_an_optimizer_factory_training_is_refused_naming_the_option()
    {
        var (benchmark, model) = Runs.Fresh();
        var strategy = new Naive(model, Runs.Sgd(model.parameters()), nn.CrossEntropyLoss(), Runs.Options().WithStrategyPlugin(new ResetOptimizerPlugin()));
        var error = Assert.Throws<InvalidOperationException>(() => strategy.Train(benchmark.TrainStream[0]));
        Assert.Contains("OptimizerFactory", error.Message);
    }

    [Fact]
    public void Generative_replay_resetting_its_optimizers_without_a_solver_optimizer_factory_is_refused_naming_the_option()
    {
        var (_, model) = Runs.Fresh();
        var error = Assert.Throws<ArgumentException>(() => new GenerativeReplay(model, Runs.Sgd(model.parameters()), nn.CrossEntropyLoss(), sampleShape: [20], options: Runs.Options(), resetOptimizers: true));
        Assert.Contains("OptimizerFactory", error.Message);
    }

    // Inside experience 1 the optimizer has momentum from this experience only; a resumed run must keep it, not reset it again.
    [Fact]
    public void A_run_resetting_its_optimizer_resumed_inside_experience_1_is_bit_identical() =>
        ResumeHarness.AssertStopInsideExperienceIsInvisible(() => Run(reset: true), 3, 1, 3);

    [Fact]
    public void Generative_replay_resetting_its_optimizers_resumed_inside_the_generators_training_of_experience_1_is_bit_identical() =>
        ResumeHarness.AssertStopInsideExperienceIsInvisible(RehearsalRuns.GenerativeReplayResettingOptimizers, 3, 1, 8);

    /// <summary>Counts SGD momentum buffers when each experience starts (after the strategy's own plugins).</summary>
    private sealed class MomentumProbe : IStrategyPlugin
    {
        public List<int> Buffers { get; } = [];

        void IStrategyPlugin.BeforeTrainingExp(SupervisedTemplate strategy)
        {
            Buffers.Add(MomentumBuffers.Count(strategy));
        }
    }
}
