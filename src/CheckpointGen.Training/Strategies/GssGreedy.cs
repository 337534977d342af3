using CheckpointGen.Training.Plugins.Rehearsal;
using CheckpointGen.Training.Templates;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Strategies;

/// <summary>GSS-greedy (Avalanche's <c>GSS_greedy</c>): the template with a <see cref="GssGreedyPlugin"/>.</summary>
[Checkpointable]
public partial class GssGreedy : SupervisedTemplate
{
    /// <summary>Creates the strategy.</summary>
    /// <param name="model">The model.</param>
    /// <param name="optimizer">The optimizer over the model's parameters.</param>
    /// <param name="criterion">The loss (also the one whose gradients score the samples).</param>
    /// <param name="memSize">Memory slots.</param>
    /// <param name="memStrength">Memory subsets a sample's gradient is compared with (Avalanche's strategy default: 1).</param>
    /// <param name="inputSize">Shape of one input (e.g. [1, 28, 28]); null: taken from the first minibatch.</param>
    /// <param name="batchSizeMem">Memory samples added to each minibatch from the second experience on.</param>
    /// <param name="options">The template's settings.</param>
    public GssGreedy(nn.Module model, optim.Optimizer optimizer, nn.Module<Tensor, Tensor, Tensor> criterion, int memSize = 200, int memStrength = 1,
        long[]? inputSize = null, int batchSizeMem = 32, TemplateOptions? options = null)
        : base(model, optimizer, criterion, (options ?? new TemplateOptions()).WithStrategyPlugin(new GssGreedyPlugin(memSize, memStrength, inputSize, batchSizeMem)))
    {
    }

    /// <summary>The strategy's plugin (memory, scores, memory order).</summary>
    public GssGreedyPlugin Plugin => FindPlugin<GssGreedyPlugin>() ?? throw new InvalidOperationException("The strategy's plugin is missing.");
}
