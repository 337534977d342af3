using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Models;

/// <summary>
/// Divides each row of its input by its Euclidean norm (Avalanche's <c>L2Normalization</c>, which CoPE puts
/// after the model's last layer so that embeddings and prototypes lie on the unit sphere).
/// </summary>
public sealed class L2Normalization() : nn.Module<Tensor, Tensor>(nameof(L2Normalization))
{
    /// <inheritdoc/>
    public override Tensor forward(Tensor input) => nn.functional.normalize(input, p: 2, dim: 1);
}
