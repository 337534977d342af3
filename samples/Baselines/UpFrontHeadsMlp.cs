using CheckpointGen.Training.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Baselines;

/// <summary>
/// The control for <see cref="MultiHeadMlp"/>: the same body, but one fixed-size head per task created
/// up front (no growth, no masking), for labels remapped to 0..k−1 within each experience. Mathematically
/// the same model in distribution as the faithful one; kept to measure whether the two really differ.
/// </summary>
internal sealed class UpFrontHeadsMlp : nn.Module<Tensor, Tensor>, IMultiTaskModule
{
    private readonly Sequential body;
    private readonly ModuleList<Linear> heads;

    public UpFrontHeadsMlp(int tasks, int classesPerTask, int inputSize = 784, int hiddenSize = 256, int hiddenLayers = 2, double dropout = 0)
        : base(nameof(UpFrontHeadsMlp))
    {
        body = Mlp.Body(inputSize, hiddenSize, hiddenLayers, dropout, tanh: false);
        heads = nn.ModuleList(Enumerable.Range(0, tasks).Select(_ => nn.Linear(hiddenSize, classesPerTask)).ToArray());
        RegisterComponents();
    }

    public Tensor Forward(Tensor inputs, Tensor taskLabels)
    {
        using var onCpu = taskLabels.cpu();
        var tasks = onCpu.data<long>().ToArray();
        if (tasks.Distinct().Count() != 1)
            throw new ArgumentException("The up-front control expects one task per minibatch (the baselines never mix tasks).", nameof(taskLabels));
        return heads[(int)tasks[0]].call(body.call(inputs));
    }

    public override Tensor forward(Tensor input) => throw new InvalidOperationException("A multi-head model needs task labels: call Forward(inputs, taskLabels).");
}
