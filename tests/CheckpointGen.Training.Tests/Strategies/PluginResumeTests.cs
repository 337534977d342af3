using CheckpointGen.Training.Plugins;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Strategies;

public sealed class PluginResumeTests
{
    private static ResumableRun NaiveWithStepLr(bool resetLr)
    {
        var (benchmark, model) = Runs.Fresh();
        var optimizer = Runs.Sgd(model.parameters());
        var scheduler = optim.lr_scheduler.StepLR(optimizer, step_size: 1, gamma: 0.5);
        var options = Runs.Options() with { Plugins = [new LRSchedulerPlugin(scheduler, resetScheduler: resetLr, resetLr: resetLr, stepGranularity: SchedulerStepGranularity.Iteration)] };
        return new(new Naive(model, optimizer, nn.CrossEntropyLoss(), options), benchmark);
    }

    [Fact]
    public void Lr_scheduler_plugin_resumed_inside_an_experience_is_bit_identical() =>
        ResumeHarness.AssertStopInsideExperienceIsInvisible(() => NaiveWithStepLr(resetLr: false), 2, 1, 3);

    [Fact]
    public void Lr_scheduler_plugin_puts_the_base_rate_back_after_each_experience()
    {
        var run = NaiveWithStepLr(resetLr: true);
        run.Train(0);
        Assert.Equal(0.05, run.Strategy.Optimizer.ParamGroups.First().LearningRate, 12);
        var noReset = NaiveWithStepLr(resetLr: false);
        noReset.Train(0);
        // 60 samples in minibatches of 16, 2 epochs: 8 iterations, each halving the rate.
        Assert.Equal(0.05 * Math.Pow(0.5, 8), noReset.Strategy.Optimizer.ParamGroups.First().LearningRate, 12);
    }
}
