using static TorchSharp.torch;

namespace CheckpointGen.Training.Models;

/// <summary>A generative model that draws new samples (Avalanche's <c>Generator</c>): what generative replay replays from.</summary>
public interface IGenerator
{
    /// <summary><paramref name="count"/> new samples, in the shape of the data (model inputs).</summary>
    Tensor Generate(long count);
}
