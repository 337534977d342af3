using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Models;

/// <summary>
/// A single-task model turned multi-task by <see cref="MultiTask.AsMultitask"/> (Avalanche's
/// <c>MultiTaskDecorator</c>): the model, whose classifier was replaced by an identity, computes
/// features (<see cref="GetFeatures"/>, flattened to one row per sample); a <see cref="MultiHeadClassifier"/>
/// with one head per task computes the outputs.
/// </summary>
[Checkpointable]
public sealed partial class MultiTaskModel : nn.Module<Tensor, Tensor, Tensor>, IMultiTaskModule, IFeatureExtractor
{
    private readonly string _classifierName;

    // Registered as "model" and the classifier's name: saved by name with the module's state; the
    // heads' structure is saved by the MultiHeadClassifier component below.
    [CheckpointIgnore] private readonly nn.Module<Tensor, Tensor> _backbone;
    private readonly MultiHeadClassifier _classifier;

    internal MultiTaskModel(nn.Module<Tensor, Tensor> backbone, string classifierName, MultiHeadClassifier classifier)
        : base(nameof(MultiTaskModel))
    {
        _backbone = backbone;
        _classifierName = classifierName;
        _classifier = classifier;
        register_module("model", _backbone);
        register_module(classifierName, _classifier);
    }

    /// <summary>Registration is explicit, not by field name.</summary>
    protected override void RegisterComponents() { }

    /// <summary>The wrapped model (its classifier is now an identity).</summary>
    public nn.Module<Tensor, Tensor> Backbone => _backbone;

    /// <summary>The heads.</summary>
    public MultiHeadClassifier Classifier => _classifier;

    /// <summary>The name the classifier had in the wrapped model (and has here).</summary>
    public string ClassifierName => _classifierName;

    /// <inheritdoc/>
    public Tensor Forward(Tensor inputs, Tensor taskLabels) => call(inputs, taskLabels);

    /// <inheritdoc/>
    public override Tensor forward(Tensor inputs, Tensor taskLabels)
    {
        using var features = GetFeatures(inputs);
        return _classifier.call(features, taskLabels);
    }

    /// <summary>The wrapped model's output (its classifier is an identity now), one row per sample: the heads' input.</summary>
    public Tensor GetFeatures(Tensor inputs)
    {
        using var features = _backbone.call(inputs);
        return features.reshape(features.shape[0], -1);
    }
}
