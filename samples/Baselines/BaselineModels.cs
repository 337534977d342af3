using CheckpointGen.Training.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Baselines;

/// <summary>
/// Avalanche's SimpleMLP: flatten, <c>hiddenLayers</c> × (Linear, activation, dropout), then a linear
/// classifier. Exposes the hidden features (for LFL).
/// </summary>
internal sealed class Mlp : nn.Module<Tensor, Tensor>, IFeatureExtractor
{
    private readonly Sequential features;
    private readonly Linear classifier;

    public Mlp(int classes, int inputSize = 784, int hiddenSize = 512, int hiddenLayers = 1, double dropout = 0.5, bool tanh = false)
        : base(nameof(Mlp))
    {
        features = Body(inputSize, hiddenSize, hiddenLayers, dropout, tanh);
        classifier = nn.Linear(hiddenSize, classes);
        RegisterComponents();
    }

    internal static Sequential Body(int inputSize, int hiddenSize, int hiddenLayers, double dropout, bool tanh)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)> { ("flatten", nn.Flatten()) };
        for (int i = 0; i < hiddenLayers; i++)
        {
            layers.Add(($"fc{i}", nn.Linear(i == 0 ? inputSize : hiddenSize, hiddenSize)));
            layers.Add(($"act{i}", tanh ? nn.Tanh() : nn.ReLU()));
            if (dropout > 0) layers.Add(($"drop{i}", nn.Dropout(dropout)));
        }
        return nn.Sequential(layers);
    }

    public Tensor GetFeatures(Tensor inputs) => features.call(inputs);

    public override Tensor forward(Tensor input) => classifier.call(features.call(input));
}

/// <summary>
/// continual-learning-baselines' <c>MultiHeadMLP</c> as its SplitMNIST experiments build it: a shared body
/// (hidden layers of ReLU, no dropout by default) and Avalanche's <see cref="MultiHeadClassifier"/>, whose head
/// of a task is created when the task's first experience arrives and grows to the largest class id it has
/// seen (class labels are not remapped from zero; units of classes the head was not trained on are masked
/// with −1000).
/// </summary>
internal sealed class MultiHeadMlp : nn.Module<Tensor, Tensor>, IMultiTaskModule
{
    private readonly Sequential body;
    private readonly MultiHeadClassifier classifier;

    public MultiHeadMlp(int inputSize = 784, int hiddenSize = 256, int hiddenLayers = 2, double dropout = 0)
        : base(nameof(MultiHeadMlp))
    {
        body = Mlp.Body(inputSize, hiddenSize, hiddenLayers, dropout, tanh: false);
        classifier = new MultiHeadClassifier(hiddenSize);
        RegisterComponents();
    }

    public Tensor Forward(Tensor inputs, Tensor taskLabels) => classifier.Forward(body.call(inputs), taskLabels);

    public override Tensor forward(Tensor input) => throw new InvalidOperationException("A multi-head model needs task labels: call Forward(inputs, taskLabels).");
}
