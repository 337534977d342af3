using CheckpointGen.Training.Plugins;
using CheckpointGen.Training.Plugins.Projection;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Templates;
using CheckpointGen.Training.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Regularization;

/// <summary>
/// GEM and A-GEM project the gradient of every parameter, whatever the model's layout: probes before and
/// after the plugin read each parameter's gradient by name, and the change the projection made must be one
/// and the same direction across all of them (the memory gradient for GEM, the reference gradient for A-GEM).
/// </summary>
public sealed class ProjectionLayoutTests
{
    private static readonly TemplateOptions Options = new() { TrainMbSize = 16, TrainEpochs = 1, EvalMbSize = 32 };

    [Theory]
    [InlineData(ModelLayout.Flat)]
    [InlineData(ModelLayout.Nested)]
    public void GEM_moves_every_parameter_s_gradient_along_the_memory_gradient_until_it_no_longer_conflicts(ModelLayout layout)
    {
        var projections = Run(layout, new GemPlugin(patternsPerExperience: 20, memoryStrength: 0.5));
        Assert.NotEmpty(projections);
        foreach (var (memory, raw, projected) in projections)
        {
            // One past experience: g̃ = g + v·G with v > 0 for every parameter, and G·g̃ ≥ 0.
            var change = Subtract(projected, raw);
            double v = Dot(change, memory) / Dot(memory, memory);
            Assert.True(v > 0, $"{layout}: GEM's multiplier {v}");
            foreach (var (name, delta) in change)
            {
                Assert.True(delta.abs().sum().item<float>() > 0, $"{layout}: GEM left the gradient of {name} unprojected");
                Assert.True(torch.allclose(delta, memory[name] * v, rtol: 1e-3, atol: 1e-6), $"{layout}: GEM changed {name}'s gradient off the memory gradient");
            }
            Assert.True(Dot(memory, projected) >= -1e-4 * Norm(memory) * Norm(projected), $"{layout}: the projected gradient still conflicts");
        }
    }

    [Theory]
    [InlineData(ModelLayout.Flat)]
    [InlineData(ModelLayout.Nested)]
    public void AGEM_removes_one_direction_from_every_parameter_s_gradient(ModelLayout layout)
    {
        var projections = Run(layout, new AgemPlugin(patternsPerExperience: 20, sampleSize: 20)).Where(p => Norm(Subtract(p.Projected, p.Raw)) > 0).ToList();
        Assert.NotEmpty(projections);
        foreach (var (_, raw, projected) in projections)
        {
            // g̃ = g − (g·r / r·r) r: the change d is along r for every parameter, so g̃ ⟂ d and g·d < 0.
            var change = Subtract(projected, raw);
            foreach (var (name, delta) in change)
                Assert.True(delta.abs().sum().item<float>() > 0, $"{layout}: A-GEM left the gradient of {name} unprojected");
            Assert.True(Math.Abs(Dot(projected, change)) <= 1e-3 * Norm(projected) * Norm(change), $"{layout}: the projected gradient is not orthogonal to the removed direction");
            Assert.True(Dot(raw, change) < 0);
        }
    }

    /// <summary>Trains experience 0, then experience 1 with probes around <paramref name="plugin"/>; returns, per iteration of experience 1, the memory gradient (GEM only), the raw and the projected gradient, each by parameter name.</summary>
    private static List<(Dictionary<string, Tensor> Memory, Dictionary<string, Tensor> Raw, Dictionary<string, Tensor> Projected)> Run(ModelLayout layout, IStrategyPlugin plugin)
    {
        var (benchmark, model) = ModelLayouts.Fresh(layout);
        var before = new GradientProbe(atBackward: true);
        var after = new GradientProbe(atBackward: true, atIterationStart: true);
        var strategy = new Naive(model, optim.SGD(model.parameters(), 0.05), nn.CrossEntropyLoss(), Options with { Plugins = [before, plugin, after] });
        strategy.Train(benchmark.TrainStream[0]);
        before.Records.Clear();
        after.Records.Clear();
        after.IterationStart.Clear();
        strategy.Train(benchmark.TrainStream[1]);
        Assert.Equal(before.Records.Count, after.Records.Count);
        return [.. Enumerable.Range(0, before.Records.Count)
            .Select(i => (after.IterationStart[i], before.Records[i], after.Records[i]))
            .Where(r => plugin is not GemPlugin || Dot(r.Item1, r.Item2) < 0)];
    }

    private static Dictionary<string, Tensor> Subtract(Dictionary<string, Tensor> a, Dictionary<string, Tensor> b) =>
        a.ToDictionary(p => p.Key, p => p.Value - b[p.Key]);

    private static double Dot(Dictionary<string, Tensor> a, Dictionary<string, Tensor> b) =>
        a.Sum(p => (double)(p.Value.to_type(ScalarType.Float64) * b[p.Key].to_type(ScalarType.Float64)).sum().item<double>());

    private static double Norm(Dictionary<string, Tensor> a) => Math.Sqrt(Dot(a, a));

    /// <summary>Copies every parameter's gradient (zeros where it has none; kept beyond the iteration's dispose scope) after the backward pass and, optionally, when an iteration starts (after GEM's memory pass: the memory gradient).</summary>
    private sealed class GradientProbe(bool atBackward, bool atIterationStart = false) : IStrategyPlugin
    {
        public List<Dictionary<string, Tensor>> Records { get; } = [];

        public List<Dictionary<string, Tensor>> IterationStart { get; } = [];

        private static Dictionary<string, Tensor> Gradients(nn.Module model) =>
            model.named_parameters().ToDictionary(p => p.name,
                p => (p.parameter.grad is { } g ? g.detach().clone() : torch.zeros_like(p.parameter)).DetachFromDisposeScope());

        void IStrategyPlugin.BeforeTrainingIteration(SupervisedTemplate strategy)
        {
            if (atIterationStart) IterationStart.Add(Gradients(strategy.Model));
        }

        void IStrategyPlugin.AfterBackward(SupervisedTemplate strategy)
        {
            if (atBackward) Records.Add(Gradients(strategy.Model));
        }
    }
}
