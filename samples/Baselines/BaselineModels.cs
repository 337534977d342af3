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
/// A multi-head MLP for task-incremental benchmarks (Avalanche's MTSimpleMLP): a shared body and one
/// linear head per task, all created up front; each sample goes through the head of its task.
/// </summary>
internal sealed class MultiHeadMlp : nn.Module<Tensor, Tensor>, IMultiTaskModule
{
    private readonly Sequential body;
    private readonly ModuleList<Linear> heads;

    public MultiHeadMlp(int tasks, int classesPerTask, int inputSize = 784, int hiddenSize = 256, int hiddenLayers = 2, double dropout = 0.5)
        : base(nameof(MultiHeadMlp))
    {
        body = Mlp.Body(inputSize, hiddenSize, hiddenLayers, dropout, tanh: false);
        heads = nn.ModuleList(Enumerable.Range(0, tasks).Select(_ => nn.Linear(hiddenSize, classesPerTask)).ToArray());
        RegisterComponents();
    }

    public Tensor Forward(Tensor inputs, Tensor taskLabels)
    {
        var features = body.call(inputs);
        var taskArray = taskLabels.cpu().data<long>().ToArray();
        var distinct = taskArray.Distinct().ToArray();
        if (distinct.Length == 1) return heads[(int)distinct[0]].call(features);
        // Mixed batch: run each task's samples through its head and put the rows back in place.
        Tensor? output = null;
        foreach (long task in distinct)
        {
            var rows = torch.tensor(taskArray.Select((t, i) => (t, i)).Where(p => p.t == task).Select(p => (long)p.i).ToArray(), device: inputs.device);
            var part = heads[(int)task].call(features.index_select(0, rows));
            output ??= torch.zeros([inputs.shape[0], part.shape[1]], part.dtype, part.device);
            output = output.index_copy(0, rows, part);
        }
        return output!;
    }

    public override Tensor forward(Tensor input) => throw new InvalidOperationException("A multi-head model needs task labels: call Forward(inputs, taskLabels).");
}
