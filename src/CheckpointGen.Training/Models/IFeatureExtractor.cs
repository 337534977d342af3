using static TorchSharp.torch;

namespace CheckpointGen.Training.Models;

/// <summary>
/// A model that can return the features its classifier works on (Avalanche's <c>BaseModel.get_features</c>).
/// LFL regularizes the distance between these features and those of the previous model. The library's
/// <see cref="SimpleMlp"/> and <see cref="MultiTaskModel"/> (what <see cref="MultiTask.AsMultitask"/> returns) implement it.
/// </summary>
public interface IFeatureExtractor
{
    /// <summary>The features of <paramref name="inputs"/> (the input of the last classification layer).</summary>
    Tensor GetFeatures(Tensor inputs);
}
