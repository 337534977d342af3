using CheckpointGen.Training.Plugins;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Templates;
using CheckpointGen.Training.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Strategies;

public sealed class FromScratchTrainingTests
{
    private static ResumableRun Run()
    {
        var (benchmark, model) = Runs.Fresh();
        return new(new FromScratchTraining(model, Runs.Sgd(model.parameters()), nn.CrossEntropyLoss(), options: Runs.Options(Runs.Sgd)), benchmark);
    }

    [Fact]
    public void Every_experience_starts_from_the_initial_weights_with_empty_momentum()
    {
        var run = Run();
        var initial = run.Strategy.Model.named_parameters().Select(p => (p.name, Bytes: p.parameter.bytes.ToArray())).ToList();
        var probe = new StartOfExperienceProbe();
        run.Strategy.AddPlugin(probe);
        for (int k = 0; k < 3; k++) run.Train(k);

        Assert.Equal(3, probe.Weights.Count);
        foreach (var weights in probe.Weights)
        {
            Assert.Equal(initial.Select(p => p.name), weights.Select(p => p.Name));
            for (int i = 0; i < initial.Count; i++)
                Assert.True(initial[i].Bytes.AsSpan().SequenceEqual(weights[i].Bytes), $"{initial[i].name} is not its initial value");
        }
        Assert.All(probe.MomentumBuffers, count => Assert.Equal(0, count));
        // Training moved the weights away from them in between.
        var final = run.Strategy.Model.named_parameters().First().parameter.bytes.ToArray();
        Assert.False(final.AsSpan().SequenceEqual(initial[0].Bytes));
    }

    [Fact]
    public void Resetting_the_optimizer_without_an_optimizer_factory_is_refused_naming_the_option()
    {
        var (_, model) = Runs.Fresh();
        var error = Assert.Throws<ArgumentException>(() => new FromScratchTraining(model, Runs.Sgd(model.parameters()), nn.CrossEntropyLoss(), options: Runs.Options()));
        Assert.Contains("OptimizerFactory", error.Message);
        var kept = new FromScratchTraining(model, Runs.Sgd(model.parameters()), nn.CrossEntropyLoss(), resetOptimizer: false, options: Runs.Options());
        Assert.False(kept.Plugin.ResetOptimizer);
    }

    [Fact]
    public void FromScratchTraining_resumed_after_experience_1_is_bit_identical() => ResumeHarness.AssertStopAfterExperienceIsInvisible(Run, 3, 1);

    // Compared at the end of experience 1: the next experience starts from the initial weights whatever came before.
    [Fact]
    public void FromScratchTraining_resumed_inside_experience_1_keeps_the_weights_it_trained() => ResumeHarness.AssertStopInsideExperienceIsInvisible(Run, 2, 1, 3);

    /// <summary>Records the parameters and the number of SGD momentum buffers when each experience starts (after the strategy's plugin).</summary>
    private sealed class StartOfExperienceProbe : IStrategyPlugin
    {
        public List<List<(string Name, byte[] Bytes)>> Weights { get; } = [];

        public List<int> MomentumBuffers { get; } = [];

        void IStrategyPlugin.BeforeTrainingExp(SupervisedTemplate strategy)
        {
            Weights.Add([.. strategy.Model.named_parameters().Select(p => (p.name, p.parameter.bytes.ToArray()))]);
            MomentumBuffers.Add(Support.MomentumBuffers.Count(strategy));
        }
    }
}
