using CheckpointGen.Training.Models;
using CheckpointGen.Training.Plugins.Prototypes;
using CheckpointGen.Training.Templates;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Strategies;

/// <summary>
/// Continual Prototype Evolution (Avalanche's <c>CoPE</c>): the template with a <see cref="CopePlugin"/>, the model
/// followed by an <see cref="L2Normalization"/> (its output is the embedding; Avalanche appends the normalization to
/// the last layer) and the pseudo-prototypical proxy loss as criterion, in training and in evaluation. It does not
/// use task labels. Meant for online streams (one minibatch per mini-experience); <c>maxIterations: 0</c> trains
/// whole experiences.
/// </summary>
[Checkpointable]
public partial class CoPE : SupervisedTemplate
{
    /// <summary>Creates the strategy.</summary>
    /// <param name="model">Inputs to embeddings of <paramref name="prototypeSize"/> features.</param>
    /// <param name="optimizer">The optimizer over the model's parameters.</param>
    /// <param name="memSize">Replay memory capacity.</param>
    /// <param name="numClasses">Classes predictions cover.</param>
    /// <param name="prototypeSize">Features of the embedding.</param>
    /// <param name="alpha">Momentum of the prototype update.</param>
    /// <param name="temperature">Softmax temperature of the loss.</param>
    /// <param name="maxIterations">Minibatches trained per experience; 0: no cap.</param>
    /// <param name="adaptivePrototypes">Create prototypes as classes appear rather than all before training.</param>
    /// <param name="options">The template's settings.</param>
    public CoPE(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, int memSize = 200, int numClasses = 10, int prototypeSize = 100,
        double alpha = 0.99, double temperature = 0.1, int maxIterations = 1, bool adaptivePrototypes = false, TemplateOptions? options = null)
        : this(model, optimizer, new CopePlugin(memSize, numClasses, prototypeSize, alpha, temperature, maxIterations, adaptivePrototypes), options)
    {
    }

    private CoPE(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, CopePlugin plugin, TemplateOptions? options)
        : base(nn.Sequential(("embedding", model), ("l2_normalization", new L2Normalization())), optimizer, new PrototypeLoss(plugin),
            (options ?? new TemplateOptions()).WithStrategyPlugin(plugin))
    {
    }

    /// <summary>The strategy's plugin (prototypes, memory).</summary>
    public CopePlugin Plugin => FindPlugin<CopePlugin>() ?? throw new InvalidOperationException("The strategy's plugin is missing.");

    /// <summary>The criterion: the plugin's loss against its current prototypes (Avalanche's <c>PPPloss</c> shares <c>p_mem</c>).</summary>
    private sealed class PrototypeLoss(CopePlugin plugin) : nn.Module<Tensor, Tensor, Tensor>(nameof(PrototypeLoss))
    {
        public override Tensor forward(Tensor output, Tensor targets) => plugin.Loss(output, targets);
    }
}
