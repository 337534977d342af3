using CheckpointGen.Training.Plugins;
using CheckpointGen.Training.Storage;
using CheckpointGen.Training.Templates;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Strategies;

/// <summary>
/// Experience replay (Avalanche's <c>Replay</c>): the template plus a <see cref="ReplayPlugin"/>
/// whose buffer of <c>memSize</c> samples is balanced over experiences.
/// </summary>
[Checkpointable]
public partial class Replay : SupervisedTemplate
{
    /// <summary>Creates the strategy.</summary>
    /// <param name="model">The model.</param>
    /// <param name="optimizer">The optimizer over the model's parameters.</param>
    /// <param name="criterion">The loss.</param>
    /// <param name="memSize">Replay buffer capacity.</param>
    /// <param name="options">The template's settings.</param>
    /// <param name="storagePolicy">Another buffer than the experience-balanced default (of <paramref name="memSize"/> samples).</param>
    public Replay(nn.Module model, optim.Optimizer optimizer, nn.Module<Tensor, Tensor, Tensor> criterion, int memSize = 200,
        TemplateOptions? options = null, ExemplarsBuffer? storagePolicy = null)
        : base(model, optimizer, criterion, (options ?? new TemplateOptions()).WithStrategyPlugin(new ReplayPlugin(memSize, storagePolicy)))
    {
    }

    /// <summary>The replay plugin.</summary>
    public ReplayPlugin ReplayPlugin => FindPlugin<ReplayPlugin>()!;
}
