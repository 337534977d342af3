using CheckpointGen.Training.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Plugins.Rehearsal;

/// <summary>
/// ER-ACE's asymmetric cross-entropy (Caccia et al., 2022; Avalanche's <c>ACECriterion</c>): the
/// memory samples get the full cross-entropy; the incoming samples a cross-entropy restricted to
/// the classes present in their minibatch, so that learning new classes does not push the logits of
/// old ones down. The loss is the mean of the two.
/// </summary>
public static class AsymmetricCrossEntropy
{
    /// <summary>
    /// <c>(CE(bufferOutput, bufferTargets) + CE over the classes of <paramref name="inputTargets"/>) / 2</c>,
    /// the second term computed as Avalanche does: softmax over those classes (shifted by their
    /// maximum), then the mean of <c>−log p(target)</c>.
    /// </summary>
    public static Tensor Loss(Tensor inputOutput, Tensor inputTargets, Tensor bufferOutput, Tensor bufferTargets)
    {
        using var scope = NewDisposeScope();
        var (currentClasses, _, _) = inputTargets.unique(sorted: true);
        var lossBuffer = nn.functional.cross_entropy(bufferOutput, bufferTargets);
        var oneHot = nn.functional.one_hot(inputTargets, inputOutput.shape[1]).index_select(1, currentClasses);
        var logits = inputOutput.index_select(1, currentClasses);
        var shifted = logits - logits.max(1, keepdim: true).values;
        var exp = shifted.exp();
        var softmax = exp / exp.sum(1, keepdim: true);
        var lossCurrent = (oneHot * softmax.log()).sum(1).neg().mean();
        using var two = 2.ToScalar();
        return lossBuffer.Plus(lossCurrent).div(two).MoveToOuterDisposeScope();
    }
}
