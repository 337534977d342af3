using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Benchmarks.Scenarios;
using CheckpointGen.Training.Models;
using CheckpointGen.Training.Torch;
using TensorDataset = CheckpointGen.Benchmarks.Data.TensorDataset;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Support;

/// <summary>Tiny models and data for the regularization tests.</summary>
internal static class RegularizationFixtures
{
    /// <summary>A dataset of scalar inputs [N, 1] and labels.</summary>
    public static DatasetView Scalars(string name, float[] inputs, long[] labels) =>
        new TensorDataset(name, "train", torch.tensor(inputs).reshape(inputs.Length, 1), torch.tensor(labels)).All;

    /// <summary>One experience per view, the same views as test stream, task label 0.</summary>
    public static ContinualBenchmark Experiences(params DatasetView[] views) =>
        ContinualBenchmark.FromExperienceDatasets("toy", views, views, taskLabels: false);

    /// <summary>A bias-free Linear(1 → 2) with the given weights: the 2-parameter model whose Fisher, importances and penalties are computed by hand.</summary>
    public static Linear TwoWeights(float w0, float w1)
    {
        var linear = nn.Linear(1, 2, hasBias: false);
        using (no_grad()) linear.weight!.copy_(torch.tensor(new[] { w0, w1 }).reshape(2, 1));
        return linear;
    }

    public static float[] Weights(nn.Module model) => model.parameters().First().detach().cpu().data<float>().ToArray();

    public static void SetWeights(nn.Module model, params float[] values)
    {
        using var noGrad = no_grad();
        model.parameters().First().copy_(torch.tensor(values).reshape(model.parameters().First().shape));
    }

    /// <summary>
    /// A synthetic 6-class benchmark of 3 experiences (2 classes each), 8-dimensional Gaussian blobs,
    /// built from a fixed seed (the same data in every run).
    /// </summary>
    public static ContinualBenchmark Blobs(bool taskLabels = false, int perClass = 24)
    {
        var generator = new torch.Generator(1234);
        var centers = torch.randn([6, 8], generator: generator).Times(2);
        Tensor Make(int n) => torch.cat(Enumerable.Range(0, 6).Select(c => centers[c].Plus(torch.randn([n, 8], generator: generator))).ToList(), 0);
        Tensor Labels(int n) => torch.cat(Enumerable.Range(0, 6).Select(c => torch.tensor(Enumerable.Repeat((long)c, n).ToArray())).ToList(), 0);
        var train = new TensorDataset("blobs", "train", Make(perClass), Labels(perClass));
        var test = new TensorDataset("blobs", "test", Make(perClass / 2), Labels(perClass / 2));
        return NcBenchmark.Create("blobs", train, test, 3, taskLabels: taskLabels, shuffle: false);
    }
}

/// <summary>An MLP with dropout that exposes its hidden features (for LFL), built from torch's global generator.</summary>
internal sealed class FeatureMlp : nn.Module<Tensor, Tensor>, IFeatureExtractor
{
    private readonly Linear hidden;
    private readonly Dropout dropout;
    private readonly Linear classifier;

    public FeatureMlp(int inputs = 8, int hiddenUnits = 16, int classes = 6) : base(nameof(FeatureMlp))
    {
        hidden = nn.Linear(inputs, hiddenUnits);
        dropout = nn.Dropout(0.25);
        classifier = nn.Linear(hiddenUnits, classes);
        RegisterComponents();
    }

    public Tensor GetFeatures(Tensor inputs) => dropout.call(nn.functional.relu(hidden.call(inputs)));

    public override Tensor forward(Tensor input) => classifier.call(GetFeatures(input));
}
