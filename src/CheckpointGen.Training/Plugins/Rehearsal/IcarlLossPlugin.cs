using CheckpointGen.Training.Models;
using CheckpointGen.Training.Templates;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Plugins.Rehearsal;

/// <summary>
/// iCaRL's training loss (Avalanche's <c>ICaRLLossPlugin</c>): binary cross-entropy between the sigmoid of the
/// outputs and the one-hot targets, whose columns for the classes of earlier experiences are replaced by the
/// sigmoid of the previous model's outputs (distillation).
/// </summary>
/// <remarks>
/// The previous model is a <see cref="ModelSnapshot"/> taken after each experience, in the training mode the model
/// is left in (as Avalanche's deep copy), evaluated before the minibatch's forward pass.
/// </remarks>
[Checkpointable]
public sealed partial class IcarlLossPlugin : IStrategyPlugin, ITrainingCriterion
{
    private readonly List<int> _oldClasses = [];
    private ModelSnapshot? _oldModel;
    // The previous model's outputs for the minibatch under way (computed before the forward pass).
    [CheckpointIgnore] private Tensor? _oldLogits;

    /// <summary>The classes of the experiences before the current one, ascending.</summary>
    public IReadOnlyList<int> OldClasses => _oldClasses;

    /// <summary>The previous model, or null before the first experience ends.</summary>
    public ModelSnapshot? OldModel => _oldModel;

    void IStrategyPlugin.BeforeForward(SupervisedTemplate strategy)
    {
        _oldLogits = null;
        if (_oldModel is null) return;
        var x = strategy.MbX;
        _oldLogits = _oldModel.Run(strategy.Model, () => ((nn.Module<Tensor, Tensor>)strategy.Model).call(x));
    }

    Tensor ITrainingCriterion.TrainingLoss(SupervisedTemplate strategy)
    {
        var loss = Loss(strategy.MbOutput, strategy.MbY, _oldLogits, _oldClasses);
        _oldLogits = null;
        return loss;
    }

    /// <summary>
    /// <c>BCE(sigmoid(output), target)</c> (mean over every element), the target one-hot on <paramref name="targets"/> with the
    /// columns of <paramref name="oldClasses"/> taken from <c>sigmoid(oldLogits)</c> when those are given.
    /// </summary>
    public static Tensor Loss(Tensor output, Tensor targets, Tensor? oldLogits, IReadOnlyList<int> oldClasses)
    {
        using var scope = NewDisposeScope();
        var predictions = sigmoid(output);
        var target = nn.functional.one_hot(targets, output.shape[1]).to(output.dtype);
        if (oldLogits is not null && oldClasses.Count > 0)
        {
            var columns = tensor(oldClasses.Select(c => (long)c).ToArray(), device: output.device);
            target.index_copy_(1, columns, sigmoid(oldLogits).index_select(1, columns));
        }
        return nn.functional.binary_cross_entropy(predictions, target).MoveToOuterDisposeScope();
    }

    void IStrategyPlugin.AfterTrainingExp(SupervisedTemplate strategy)
    {
        _oldModel?.Release();
        _oldModel = ModelSnapshot.Of(strategy.Model);
        foreach (int label in strategy.Experience.Dataset.Targets.ToArray().Distinct())
        {
            int at = _oldClasses.BinarySearch(label);
            if (at < 0) _oldClasses.Insert(~at, label);
        }
    }
}
