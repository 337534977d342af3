using CheckpointGen.Training.Models;
using CheckpointGen.Training.Plugins.Rehearsal;
using CheckpointGen.Training.Templates;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Strategies;

/// <summary>
/// iCaRL (Rebuffi et al., 2017) as Avalanche's <c>ICaRL</c>: a <see cref="TrainEvalModel"/> (the feature extractor with
/// the trained classifier in training mode, a <see cref="NcmClassifier"/> in evaluation mode), an
/// <see cref="IcarlPlugin"/> (herding exemplars, class means) and an <see cref="IcarlLossPlugin"/> (binary
/// cross-entropy with distillation). It does not use task labels.
/// </summary>
[Checkpointable]
public partial class ICaRL : SupervisedTemplate
{
    /// <summary>Creates the strategy.</summary>
    /// <param name="featureExtractor">Inputs to features (one row per sample).</param>
    /// <param name="classifier">Features to one output per class, trained.</param>
    /// <param name="optimizer">The optimizer over both modules' parameters.</param>
    /// <param name="memorySize">Exemplars in all (<paramref name="fixedMemory"/>) or per class.</param>
    /// <param name="fixedMemory">Split the memory over the classes seen (Avalanche's <c>fixed_memory</c>).</param>
    /// <param name="totalClasses">Rows the class means have at least (Avalanche gives every class of the benchmark one); 0: the classes seen.</param>
    /// <param name="options">The template's settings.</param>
    public ICaRL(nn.Module<Tensor, Tensor> featureExtractor, nn.Module<Tensor, Tensor> classifier, optim.Optimizer optimizer, int memorySize,
        bool fixedMemory = true, int totalClasses = 0, TemplateOptions? options = null)
        : base(new TrainEvalModel(featureExtractor, classifier, new NcmClassifier()), optimizer, new OneHotBinaryCrossEntropy(),
            (options ?? new TemplateOptions()).WithStrategyPlugin(new IcarlLossPlugin()).WithStrategyPlugin(new IcarlPlugin(memorySize, fixedMemory, totalClasses)))
    {
    }

    /// <summary>The model (feature extractor, trained classifier, nearest-class-mean classifier).</summary>
    public new TrainEvalModel Model => (TrainEvalModel)base.Model;

    /// <summary>The exemplars and class means.</summary>
    public IcarlPlugin Plugin => FindPlugin<IcarlPlugin>() ?? throw new InvalidOperationException("The strategy's plugin is missing.");

    /// <summary>The distillation loss.</summary>
    public IcarlLossPlugin LossPlugin => FindPlugin<IcarlLossPlugin>() ?? throw new InvalidOperationException("The strategy's loss plugin is missing.");

    /// <summary>The evaluation loss: Avalanche's iCaRL criterion without previous model, on the class-mean scores.</summary>
    private sealed class OneHotBinaryCrossEntropy() : nn.Module<Tensor, Tensor, Tensor>(nameof(OneHotBinaryCrossEntropy))
    {
        public override Tensor forward(Tensor output, Tensor targets) => IcarlLossPlugin.Loss(output, targets, null, []);
    }
}
