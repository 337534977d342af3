using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Models;

/// <summary>Helpers for multi-task models.</summary>
public static class MultiTask
{
    /// <summary>
    /// Avalanche's <c>as_multitask(model, classifier_name)</c>: replaces the model's
    /// <see cref="Linear"/> called <paramref name="classifierName"/> by an identity and returns a
    /// multi-task model whose outputs come from a <see cref="MultiHeadClassifier"/> with the same
    /// input and initial output sizes (one head per task, created when the task first appears).
    /// </summary>
    /// <param name="model">A model that lets its classifier be replaced (<see cref="IClassifierHost"/>, e.g. <see cref="SimpleMlp"/>).</param>
    /// <param name="classifierName">The name of its output layer.</param>
    /// <exception cref="ArgumentException">The model cannot give up its classifier, or it is not a Linear.</exception>
    public static MultiTaskModel AsMultitask(nn.Module<Tensor, Tensor> model, string classifierName)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(classifierName);
        if (model is not IClassifierHost host)
            throw new ArgumentException($"{model.GetType().Name} does not implement {nameof(IClassifierHost)}, so its '{classifierName}' layer cannot be replaced (a C# module's forward calls its own fields).", nameof(model));
        var classifier = host.GetClassifier(classifierName)
            ?? throw new ArgumentException($"{model.GetType().Name} has no submodule '{classifierName}'.", nameof(classifierName));
        if (classifier is not Linear linear)
            throw new ArgumentException($"'{classifierName}' of {model.GetType().Name} is a {classifier.GetType().Name}; as_multitask replaces a Linear layer.", nameof(classifierName));
        var heads = new MultiHeadClassifier((int)linear.in_features, (int)linear.out_features);
        heads.to(linear.weight!.device);
        host.ReplaceClassifier(classifierName, nn.Identity());
        return new MultiTaskModel(model, classifierName, heads);
    }
}
