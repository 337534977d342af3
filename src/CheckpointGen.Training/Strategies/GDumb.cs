using CheckpointGen.Training.Plugins;
using CheckpointGen.Training.Templates;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Strategies;

/// <summary>
/// GDumb (Avalanche's <c>GDumb</c>): a class-balanced greedy buffer of <c>memSize</c> samples;
/// every experience resets the model to its initial weights and trains it on the buffer only.
/// </summary>
[Checkpointable]
public partial class GDumb : SupervisedTemplate
{
    /// <summary>Creates the strategy.</summary>
    public GDumb(nn.Module model, optim.Optimizer optimizer, nn.Module<Tensor, Tensor, Tensor> criterion, int memSize = 200, TemplateOptions? options = null)
        : base(model, optimizer, criterion, (options ?? new TemplateOptions()).WithStrategyPlugin(new GDumbPlugin(memSize)))
    {
    }

    /// <summary>The GDumb plugin (buffer and initial weights).</summary>
    public GDumbPlugin GDumbPlugin => FindPlugin<GDumbPlugin>()!;
}
