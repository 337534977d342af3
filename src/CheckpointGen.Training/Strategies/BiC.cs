using CheckpointGen.Training.Plugins.Rehearsal;
using CheckpointGen.Training.Templates;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Strategies;

/// <summary>Bias Correction (Avalanche's <c>BiC</c>): the template with a <see cref="BicPlugin"/>. Class-incremental (one head).</summary>
[Checkpointable]
public partial class BiC : SupervisedTemplate
{
    /// <summary>Creates the strategy with Avalanche's defaults.</summary>
    /// <param name="model">The model (single head, one output per class).</param>
    /// <param name="optimizer">The optimizer over the model's parameters.</param>
    /// <param name="criterion">The classification loss.</param>
    /// <param name="memSize">Replay memory; <paramref name="valPercentage"/> of it is the validation memory of stage 2.</param>
    /// <param name="valPercentage">Share of the memory held out for the bias correction.</param>
    /// <param name="temperature">Distillation temperature.</param>
    /// <param name="stage2Epochs">Epochs of the bias correction.</param>
    /// <param name="lamb">Weight of distillation; −1: old classes / all classes.</param>
    /// <param name="lr">Learning rate of the bias correction.</param>
    /// <param name="batchSizeMem">Memory samples per minibatch; 0: the training minibatch size.</param>
    /// <param name="options">The template's settings.</param>
    public BiC(nn.Module model, optim.Optimizer optimizer, nn.Module<Tensor, Tensor, Tensor> criterion, int memSize = 200, double valPercentage = 0.1,
        double temperature = 2, int stage2Epochs = 200, double lamb = -1, double lr = 0.1, int batchSizeMem = 0, TemplateOptions? options = null)
        : base(model, optimizer, criterion, (options ?? new TemplateOptions()).WithStrategyPlugin(
            new BicPlugin(memSize, batchSizeMem, valPercentage, temperature, stage2Epochs, lamb, lr)))
    {
    }

    /// <summary>The strategy's plugin (memories, bias layer, previous model).</summary>
    public BicPlugin Plugin => FindPlugin<BicPlugin>() ?? throw new InvalidOperationException("The strategy's plugin is missing.");
}
