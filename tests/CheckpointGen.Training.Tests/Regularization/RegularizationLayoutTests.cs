using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Benchmarks.Loading;
using CheckpointGen.Training.Optimizers;
using CheckpointGen.Training.Plugins.Regularization;
using CheckpointGen.Training.Plugins;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Templates;
using CheckpointGen.Training.Tests.Support;
using CheckpointGen.Training.Torch;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Regularization;

/// <summary>
/// EWC, SI and MAS keep their state under the name of the parameter it belongs to, and LwF distils from
/// the previous model's outputs, whatever the model's layout. Each expected value is computed here from
/// the layer objects the model exposes, not through the names the plugins use.
/// </summary>
public sealed class RegularizationLayoutTests
{
    private static readonly TemplateOptions Options = new() { TrainMbSize = 16, TrainEpochs = 1, EvalMbSize = 32 };

    private static optim.Optimizer Sgd(nn.Module model) => new GcSafeSgd(model.parameters(), 0.05, momentum: 0.9);

    [Theory]
    [InlineData(ModelLayout.Flat)]
    [InlineData(ModelLayout.Nested)]
    public void EWC_importances_and_saved_values_belong_to_the_parameter_they_are_named_after(ModelLayout layout)
    {
        var (benchmark, model) = ModelLayouts.Fresh(layout);
        var strategy = new EWC(model, Sgd(model), nn.CrossEntropyLoss(), ewcLambda: 5, options: Options);
        strategy.Train(benchmark.TrainStream[0]);

        var importances = strategy.Plugin.Importances[0];
        Assert.Equal(ModelLayouts.AllParameters(model), importances.Keys);
        // The empirical Fisher of each layer, from its own gradients: mean over the ordered minibatches of grad².
        var expected = MeanOverOrderedPass(model, benchmark.TrainStream[0].Dataset, train: false,
            (output, batch) => nn.functional.cross_entropy(output, batch.Targets), grad => grad.Squared());
        AssertLayerValues(model, layout, importances, expected);
        AssertLayerValues(model, layout, strategy.Plugin.SavedParams[0], Weights(model));
    }

    [Theory]
    [InlineData(ModelLayout.Flat)]
    [InlineData(ModelLayout.Nested)]
    public void MAS_importances_and_saved_values_belong_to_the_parameter_they_are_named_after(ModelLayout layout)
    {
        var (benchmark, model) = ModelLayouts.Fresh(layout);
        var strategy = new MAS(model, Sgd(model), nn.CrossEntropyLoss(), lambdaReg: 1, alpha: 0.5, options: Options);
        strategy.Train(benchmark.TrainStream[0]);

        Assert.Equal(ModelLayouts.AllParameters(model), strategy.Plugin.Importance!.Keys);
        var expected = MeanOverOrderedPass(model, benchmark.TrainStream[0].Dataset, train: true,
            (output, _) => output.mul(output).sum([1L]).mean(), grad => grad.abs());
        AssertLayerValues(model, layout, strategy.Plugin.Importance!, expected);
        AssertLayerValues(model, layout, strategy.Plugin.SavedParams!, Weights(model));
    }

    [Theory]
    [InlineData(ModelLayout.Flat)]
    [InlineData(ModelLayout.Nested)]
    public void SI_importances_and_anchors_belong_to_the_parameter_they_are_named_after(ModelLayout layout)
    {
        var (benchmark, model) = ModelLayouts.Fresh(layout);
        var strategy = new SynapticIntelligence(model, Sgd(model), nn.CrossEntropyLoss(), siLambda: 1, eps: 0.1, options: Options);
        strategy.Train(benchmark.TrainStream[0]);

        var plugin = strategy.Plugin;
        Assert.Equal(ModelLayouts.AllParameters(model).Order(), plugin.Importance.Keys.Order());
        // SI keeps flat copies: the anchor is each layer's value at the end of the experience.
        AssertLayerValues(model, layout, plugin.Anchor, Weights(model));
        foreach (var (name, p) in model.named_parameters())
        {
            Assert.Equal(p.numel(), plugin.Importance[name].numel());
            Assert.True(plugin.Importance[name].abs().sum().item<float>() > 0, $"{layout}: SI importance of {name} is all zero");
        }
    }

    [Theory]
    [InlineData(ModelLayout.Flat)]
    [InlineData(ModelLayout.Nested)]
    public void LwF_distils_from_the_outputs_of_the_model_as_it_was_after_the_previous_experience(ModelLayout layout)
    {
        var (benchmark, model) = ModelLayouts.Fresh(layout);
        const double alpha = 1.5, temperature = 2;
        var teacher = ModelLayouts.Build(layout);
        var probe = new DistillationProbe(teacher, alpha, temperature, benchmark.TrainStream[0].Classes);
        var strategy = new LwF(model, Sgd(model), nn.CrossEntropyLoss(), alpha, temperature, Options with { Plugins = [probe] });
        strategy.Train(benchmark.TrainStream[0]);
        // An independent copy of the model after experience 0 (the same class, loaded by name).
        teacher.load_state_dict(model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone()));
        strategy.Train(benchmark.TrainStream[1]);

        Assert.NotEmpty(probe.Checked);
        Assert.All(probe.Checked, c => Assert.Equal(c.Expected, c.Added, 4));
        Assert.All(probe.Checked, c => Assert.True(c.Expected > 0));
    }

    /// <summary>
    /// The mean over the experience's minibatches, in order and of the training size, of a function of each
    /// parameter's gradient of <paramref name="loss"/>: the importance pass written out for the layers the model exposes.
    /// </summary>
    private static Dictionary<Parameter, Tensor> MeanOverOrderedPass(nn.Module<Tensor, Tensor> model, DatasetView data, bool train,
        Func<Tensor, Minibatch, Tensor> loss, Func<Tensor, Tensor> contribution)
    {
        var layers = new[] { ModelLayouts.FirstHidden(model), ModelLayouts.Classifier(model) };
        var parameters = layers.SelectMany(l => new[] { l.weight!, l.bias! }).ToList();
        var sums = new Dictionary<Parameter, Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var p in parameters) sums[p] = torch.zeros_like(p);
        model.train(train);
        int batches = 0;
        using var loader = new MinibatchLoader(data, Options.TrainMbSize, seed: 0, shuffle: false);
        foreach (var batch in loader.NextEpoch())
        {
            foreach (var p in model.parameters()) p.grad = null;
            loss(model.call(batch.Inputs), batch).backward();
            using (no_grad()) foreach (var p in parameters) sums[p].PlusInPlace(contribution(p.grad!));
            batches++;
        }
        foreach (var p in parameters) sums[p] = sums[p].DividedBy(batches);
        return sums;
    }

    private static Dictionary<Parameter, Tensor> Weights(nn.Module model)
    {
        var weights = new Dictionary<Parameter, Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var layer in new[] { ModelLayouts.FirstHidden(model), ModelLayouts.Classifier(model) })
            foreach (var p in new[] { layer.weight!, layer.bias! }) weights[p] = p.detach().clone();
        return weights;
    }

    /// <summary>Each value the plugin keeps under a layer's parameter name equals the expected value of that layer object.</summary>
    private static void AssertLayerValues(nn.Module model, ModelLayout layout, IReadOnlyDictionary<string, Tensor> byName, Dictionary<Parameter, Tensor> expected)
    {
        string hidden = ModelLayouts.FeatureParameters(layout)[0][..^".weight".Length];
        var names = new (string Name, Parameter Parameter)[]
        {
            (hidden + ".weight", ModelLayouts.FirstHidden(model).weight!), (hidden + ".bias", ModelLayouts.FirstHidden(model).bias!),
            ("classifier.weight", ModelLayouts.Classifier(model).weight!), ("classifier.bias", ModelLayouts.Classifier(model).bias!),
        };
        foreach (var (name, parameter) in names)
        {
            var actual = byName[name].reshape(parameter.shape);
            var wanted = expected[parameter];
            Assert.True(torch.allclose(actual, wanted, rtol: 1e-5, atol: 1e-7), $"{layout}: the value kept as '{name}' is not that layer's");
        }
    }

    /// <summary>After LwF (it runs first), checks that what LwF added to the loss is α · the distillation from an independent copy of the teacher.</summary>
    private sealed class DistillationProbe(nn.Module<Tensor, Tensor> teacher, double alpha, double temperature, IReadOnlyList<int> previousClasses) : IStrategyPlugin
    {
        public List<(double Added, double Expected)> Checked { get; } = [];

        void IStrategyPlugin.BeforeBackward(SupervisedTemplate strategy)
        {
            if (strategy.Clock.TrainExpCounter == 0) return;
            using var noGrad = no_grad();
            double criterion = strategy.Criterion.call(strategy.MbOutput, strategy.MbY).item<float>();
            teacher.train(true);
            var previous = teacher.call(strategy.MbX);
            double expected = alpha * LwFPlugin.DistillationLoss(strategy.MbOutput, previous, [.. previousClasses.Order()], temperature).item<float>();
            Checked.Add((strategy.Loss.item<float>() - criterion, expected));
        }
    }
}
