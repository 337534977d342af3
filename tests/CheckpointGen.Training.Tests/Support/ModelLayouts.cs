using CheckpointGen.Benchmarks.Scenarios;
using CheckpointGen.Randomness;
using CheckpointGen.Training.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Support;

/// <summary>How a test model's modules are laid out: the same network either way.</summary>
public enum ModelLayout
{
    /// <summary>Every layer a direct child of the model (<c>fc0, relu0, fc1, relu1, classifier</c>).</summary>
    Flat,

    /// <summary>A nested <c>features</c> body and a <c>classifier</c>: the library's <see cref="SimpleMlp"/>.</summary>
    Nested,
}

/// <summary>
/// Two layouts of one MLP (20 → 16 → 16 → 6, no dropout, so that a copy of the model computes the same
/// outputs) on <see cref="SyntheticData"/>, and what the strategy tests assert about them: which
/// parameters moved, and the parameter objects behind the names the strategies key their state by.
/// </summary>
internal static class ModelLayouts
{
    public const int Inputs = 20;
    public const int Hidden = 16;
    public const int Classes = 6;

    public static nn.Module<Tensor, Tensor> Build(ModelLayout layout) => layout switch
    {
        ModelLayout.Flat => new FlatMlp(),
        ModelLayout.Nested => new SimpleMlp(Classes, Inputs, Hidden, hiddenLayers: 2, dropRate: 0),
        _ => throw new ArgumentOutOfRangeException(nameof(layout)),
    };

    /// <summary>Seeds every generator, builds the 3-experience benchmark and the model.</summary>
    public static (NcBenchmark Benchmark, nn.Module<Tensor, Tensor> Model) Fresh(ModelLayout layout)
    {
        RngManager.SetRandomSeeds(11);
        torch.manual_seed(11);
        return (SyntheticData.Benchmark(), Build(layout));
    }

    /// <summary>The names of the hidden layers' parameters (everything but the classifier) in this layout.</summary>
    public static string[] FeatureParameters(ModelLayout layout)
    {
        string prefix = layout == ModelLayout.Flat ? "" : "features.";
        return [$"{prefix}fc0.weight", $"{prefix}fc0.bias", $"{prefix}fc1.weight", $"{prefix}fc1.bias"];
    }

    public static readonly string[] ClassifierParameters = ["classifier.weight", "classifier.bias"];

    /// <summary>The classifier layer itself, found by the model's own property (not by a name).</summary>
    public static Linear Classifier(nn.Module model) => model switch
    {
        FlatMlp flat => flat.Classifier,
        SimpleMlp mlp => (Linear)mlp.Classifier,
        _ => throw new ArgumentException(model.GetType().Name),
    };

    /// <summary>The first hidden layer itself, found by the model's own property (not by a name).</summary>
    public static Linear FirstHidden(nn.Module model) => model switch
    {
        FlatMlp flat => flat.FirstHidden,
        SimpleMlp mlp => (Linear)mlp.Features[0],
        _ => throw new ArgumentException(model.GetType().Name),
    };

    /// <summary>A copy of every parameter's bytes by name.</summary>
    public static Dictionary<string, byte[]> Values(nn.Module model) =>
        model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().cpu().contiguous().bytes.ToArray());

    /// <summary>The names of the parameters whose bytes differ from <paramref name="before"/> or that are new, in parameter order.</summary>
    public static string[] Moved(nn.Module model, Dictionary<string, byte[]> before) =>
        [.. Values(model).Where(p => !before.TryGetValue(p.Key, out var old) || !p.Value.AsSpan().SequenceEqual(old)).Select(p => p.Key)];

    public static string[] AllParameters(nn.Module model) => [.. model.named_parameters().Select(p => p.name)];
}

/// <summary>The flat layout: <c>fc0, relu0, fc1, relu1, classifier</c>, all direct children; its features are relu1's output.</summary>
internal sealed class FlatMlp : nn.Module<Tensor, Tensor>, IFeatureExtractor
{
    private readonly Linear _fc0 = nn.Linear(ModelLayouts.Inputs, ModelLayouts.Hidden);
    private readonly ReLU _relu0 = nn.ReLU();
    private readonly Linear _fc1 = nn.Linear(ModelLayouts.Hidden, ModelLayouts.Hidden);
    private readonly ReLU _relu1 = nn.ReLU();
    private readonly Linear _classifier = nn.Linear(ModelLayouts.Hidden, ModelLayouts.Classes);

    public FlatMlp() : base(nameof(FlatMlp))
    {
        register_module("fc0", _fc0);
        register_module("relu0", _relu0);
        register_module("fc1", _fc1);
        register_module("relu1", _relu1);
        register_module("classifier", _classifier);
    }

    protected override void RegisterComponents() { }

    public Linear FirstHidden => _fc0;

    public Linear Classifier => _classifier;

    public Tensor GetFeatures(Tensor inputs) => _relu1.call(_fc1.call(_relu0.call(_fc0.call(inputs))));

    public override Tensor forward(Tensor input) => _classifier.call(GetFeatures(input));
}
