using CheckpointGen.Randomness;
using CheckpointGen.Training.Plugins;
using CheckpointGen.Training.Plugins.Regularization;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Templates;
using CheckpointGen.Training.Tests.Support;
using TorchSharp;
using TorchSharp.Modules;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Strategies;

/// <summary>
/// Every strategy with every optimizer the codec supports (their GC-safe versions) trains while another thread on
/// the same CPU collects without pause (<see cref="SharedCpuGcRace"/>): any temporary Scalar left on the runtime's
/// path shows up as a native error. CI runs 2 epochs per experience (about 3,600 steps in all); set
/// CHECKPOINTGEN_SOAK_EPOCHS for the long run (docs/reliability.md).
/// </summary>
public sealed class GcStressSoakTests(ITestOutputHelper output)
{
    private static readonly int Epochs = int.TryParse(Environment.GetEnvironmentVariable("CHECKPOINTGEN_SOAK_EPOCHS"), out int e) && e > 0 ? e : 2;

    public static TheoryData<string> StrategyNames() => new(Strategies.Keys);

    private static readonly Dictionary<string, Func<nn.Module, optim.Optimizer, TemplateOptions, SupervisedTemplate>> Strategies = new()
    {
        ["Naive"] = (m, o, t) => new Naive(m, o, nn.CrossEntropyLoss(), t),
        ["Replay"] = (m, o, t) => new Replay(m, o, nn.CrossEntropyLoss(), memSize: 12, t),
        ["Cumulative"] = (m, o, t) => new Cumulative(m, o, nn.CrossEntropyLoss(), t),
        ["JointTraining"] = (m, o, t) => new JointTraining(m, o, nn.CrossEntropyLoss(), t),
        ["GDumb"] = (m, o, t) => new GDumb(m, o, nn.CrossEntropyLoss(), memSize: 12, t),
        ["EWC separate"] = (m, o, t) => new EWC(m, o, nn.CrossEntropyLoss(), ewcLambda: 10, options: t),
        ["EWC online"] = (m, o, t) => new EWC(m, o, nn.CrossEntropyLoss(), ewcLambda: 10, EwcMode.Online, decayFactor: 0.5, options: t),
        ["SI"] = (m, o, t) => new SynapticIntelligence(m, o, nn.CrossEntropyLoss(), siLambda: 1, options: t),
        ["LwF"] = (m, o, t) => new LwF(m, o, nn.CrossEntropyLoss(), alpha: 1, temperature: 2, t),
        ["GEM"] = (m, o, t) => new GEM(m, o, nn.CrossEntropyLoss(), patternsPerExp: 8, options: t),
        ["AGEM"] = (m, o, t) => new AGEM(m, o, nn.CrossEntropyLoss(), patternsPerExp: 8, sampleSize: 8, t),
        ["MAS"] = (m, o, t) => new MAS(m, o, nn.CrossEntropyLoss(), options: t),
        ["LFL"] = (m, o, t) => new LFL(m, o, nn.CrossEntropyLoss(), lambdaE: 1, t),
    };

    [Theory]
    [MemberData(nameof(StrategyNames))]
    public void Every_optimizer_trains_without_native_errors_while_collections_free_unreferenced_objects(string strategy)
    {
        long steps = 0;
        int collections = 0;
        foreach (var optimizer in OptimizerCases.OnePerOptimizer)
        {
            var counter = new StepCounter();
            var outcome = SharedCpuGcRace.RunOnce(() => Train(strategy, optimizer.Safe, counter));
            Assert.True(outcome.Error is null, $"{strategy} with {optimizer.Name} failed after {counter.Steps} steps: {outcome.Error}");
            steps += counter.Steps;
            collections += outcome.Collections;
        }
        output.WriteLine($"{strategy}: {steps} steps, {collections} collections by the other thread");
        Assert.True(steps >= OptimizerCases.OnePerOptimizer.Count * 6 * Epochs, $"only {steps} steps");
        Assert.True(collections > 0, "the other thread caused no collection");
    }

    private static void Train(string strategy, Func<IEnumerable<Parameter>, optim.Optimizer> makeOptimizer, StepCounter counter)
    {
        using var scope = NewDisposeScope();
        RngManager.SetRandomSeeds(5);
        var benchmark = RegularizationFixtures.Blobs(perClass: 8);
        var model = new FeatureMlp();
        var options = new TemplateOptions { TrainMbSize = 4, TrainEpochs = Epochs, EvalMbSize = 16, Plugins = [counter], OptimizerFactory = makeOptimizer };
        var template = Strategies[strategy](model, makeOptimizer(model.parameters()), options);
        if (template is JointTraining joint)
        {
            joint.Train(benchmark.TrainStream);
            return;
        }
        foreach (var experience in benchmark.TrainStream) template.Train(experience);
    }

    private sealed class StepCounter : IStrategyPlugin
    {
        public long Steps { get; private set; }

        void IStrategyPlugin.AfterTrainingIteration(SupervisedTemplate strategy) => Steps++;
    }
}
