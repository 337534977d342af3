using static TorchSharp.torch;

namespace CheckpointGen.Training.Models;

/// <summary>
/// A model whose named output layer can be swapped. Python replaces a submodule with
/// <c>setattr</c>; a C# module's forward calls its own fields, so <see cref="MultiTask.AsMultitask"/>
/// needs the model's cooperation to take its classifier out.
/// </summary>
public interface IClassifierHost
{
    /// <summary>The submodule called <paramref name="name"/>, or null.</summary>
    nn.Module<Tensor, Tensor>? GetClassifier(string name);

    /// <summary>Uses <paramref name="replacement"/> in place of the submodule called <paramref name="name"/> (in forward and in the module tree).</summary>
    void ReplaceClassifier(string name, nn.Module<Tensor, Tensor> replacement);
}
