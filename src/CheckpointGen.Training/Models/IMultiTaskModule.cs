using static TorchSharp.torch;

namespace CheckpointGen.Training.Models;

/// <summary>
/// A model whose forward pass needs the task label of each sample (multi-head models). The template
/// calls <see cref="Forward"/> with the minibatch's task labels; implementations split the batch by task.
/// </summary>
public interface IMultiTaskModule
{
    /// <summary>Runs the model on <paramref name="inputs"/>, each sample with its task label.</summary>
    Tensor Forward(Tensor inputs, Tensor taskLabels);
}
