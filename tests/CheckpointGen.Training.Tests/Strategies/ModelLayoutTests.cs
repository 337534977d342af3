using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Templates;
using CheckpointGen.Training.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Strategies;

/// <summary>
/// Every strategy on the same network laid out flat and as a nested body + classifier: the parameters it
/// trains are the ones its definition says, and the two layouts (built from the same random draws) end
/// bit for bit equal, parameter for parameter.
/// </summary>
public sealed class ModelLayoutTests
{
    public static TheoryData<string> StrategyNames => [.. Strategies.Keys];

    private static readonly Dictionary<string, Func<nn.Module, SupervisedTemplate>> Strategies = new()
    {
        ["Naive"] = m => new Naive(m, Sgd(m), Loss(), Options),
        ["Replay"] = m => new Replay(m, Sgd(m), Loss(), memSize: 20, Options),
        ["Cumulative"] = m => new Cumulative(m, Sgd(m), Loss(), Options),
        ["GDumb"] = m => new GDumb(m, Sgd(m), Loss(), memSize: 18, Options),
        ["JointTraining"] = m => new JointTraining(m, Sgd(m), Loss(), Options),
        ["EWC"] = m => new EWC(m, Sgd(m), Loss(), ewcLambda: 5, options: Options),
        ["SynapticIntelligence"] = m => new SynapticIntelligence(m, Sgd(m), Loss(), siLambda: 1, eps: 0.1, options: Options),
        ["MAS"] = m => new MAS(m, Sgd(m), Loss(), lambdaReg: 1, alpha: 0.5, options: Options),
        ["LwF"] = m => new LwF(m, Sgd(m), Loss(), alpha: 1, temperature: 2, options: Options),
        ["LFL"] = m => new LFL(m, Sgd(m), Loss(), lambdaE: 1, options: Options),
        ["GEM"] = m => new GEM(m, Sgd(m), Loss(), patternsPerExp: 20, memoryStrength: 0.5, options: Options),
        ["AGEM"] = m => new AGEM(m, Sgd(m), Loss(), patternsPerExp: 20, sampleSize: 20, options: Options),
    };

    private static readonly TemplateOptions Options = new() { TrainMbSize = 16, TrainEpochs = 1, EvalMbSize = 32 };

    private static optim.Optimizer Sgd(nn.Module model) => optim.SGD(model.parameters(), 0.05, momentum: 0.9);

    private static nn.Module<Tensor, Tensor, Tensor> Loss() => nn.CrossEntropyLoss();

    [Theory]
    [MemberData(nameof(StrategyNames))]
    public void Each_layout_moves_the_parameters_the_strategy_trains_and_both_end_with_the_same_weights(string strategy)
    {
        var (flat, flatMoved) = TrainTwice(strategy, ModelLayout.Flat);
        var (nested, nestedMoved) = TrainTwice(strategy, ModelLayout.Nested);
        foreach (var (layout, model, moved) in new[] { (ModelLayout.Flat, flat, flatMoved), (ModelLayout.Nested, nested, nestedMoved) })
        {
            // LFL freezes the classifier after the first experience (Avalanche's last Linear); every other strategy trains everything.
            string[] expected = strategy == "LFL" ? ModelLayouts.FeatureParameters(layout) : ModelLayouts.AllParameters(model);
            Assert.True(expected.SequenceEqual(moved), $"{strategy}, {layout} layout: moved [{string.Join(", ", moved)}], expected [{string.Join(", ", expected)}]");
        }

        var flatValues = ModelLayouts.Values(flat);
        var nestedValues = ModelLayouts.Values(nested);
        Assert.Equal(flatValues.Count, nestedValues.Count);
        foreach (var (name, value) in flatValues)
        {
            string nestedName = name.StartsWith("classifier.", StringComparison.Ordinal) ? name : "features." + name;
            Assert.True(value.AsSpan().SequenceEqual(nestedValues[nestedName]), $"{strategy}: {name} (flat) and {nestedName} (nested) differ");
        }
    }

    /// <summary>Trains experience 0, then experience 1 (joint training: the whole stream once), and says which parameters the second training moved.</summary>
    private static (nn.Module Model, string[] Moved) TrainTwice(string name, ModelLayout layout)
    {
        var (benchmark, model) = ModelLayouts.Fresh(layout);
        var strategy = Strategies[name](model);
        if (strategy is JointTraining joint)
        {
            var initial = ModelLayouts.Values(model);
            joint.Train(benchmark.TrainStream);
            return (model, ModelLayouts.Moved(model, initial));
        }
        strategy.Train(benchmark.TrainStream[0]);
        var before = ModelLayouts.Values(model);
        strategy.Train(benchmark.TrainStream[1]);
        return (model, ModelLayouts.Moved(model, before));
    }
}
