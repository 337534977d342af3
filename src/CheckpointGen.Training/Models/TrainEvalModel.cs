using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Models;

/// <summary>
/// A feature extractor followed by one classifier in training mode and another in evaluation mode (Avalanche's
/// <c>TrainEvalModel</c>): iCaRL trains a linear classifier and predicts with a <see cref="NcmClassifier"/>.
/// </summary>
/// <remarks>Parameter and buffer names: <c>feature_extractor.*</c>, <c>train_classifier.*</c>, <c>eval_classifier.class_means</c>.</remarks>
[Checkpointable]
public sealed partial class TrainEvalModel : nn.Module<Tensor, Tensor>, IFeatureExtractor
{
    // Registered as "feature_extractor" and "train_classifier": saved by name with the module's state; the
    // evaluation classifier's structure (how many class means) is saved by the component below.
    [CheckpointIgnore] private readonly nn.Module<Tensor, Tensor> _featureExtractor;
    [CheckpointIgnore] private readonly nn.Module<Tensor, Tensor> _trainClassifier;
    private readonly NcmClassifier _evalClassifier;

    /// <summary>Creates the model.</summary>
    /// <param name="featureExtractor">Inputs to features (one row per sample).</param>
    /// <param name="trainClassifier">Features to outputs while training.</param>
    /// <param name="evalClassifier">Features to outputs while evaluating.</param>
    public TrainEvalModel(nn.Module<Tensor, Tensor> featureExtractor, nn.Module<Tensor, Tensor> trainClassifier, NcmClassifier evalClassifier)
        : base(nameof(TrainEvalModel))
    {
        ArgumentNullException.ThrowIfNull(featureExtractor);
        ArgumentNullException.ThrowIfNull(trainClassifier);
        ArgumentNullException.ThrowIfNull(evalClassifier);
        _featureExtractor = featureExtractor;
        _trainClassifier = trainClassifier;
        _evalClassifier = evalClassifier;
        register_module("feature_extractor", _featureExtractor);
        register_module("train_classifier", _trainClassifier);
        register_module("eval_classifier", _evalClassifier);
    }

    /// <summary>Registration is explicit (Avalanche's names), not by field name.</summary>
    protected override void RegisterComponents() { }

    /// <summary>The feature extractor.</summary>
    public nn.Module<Tensor, Tensor> FeatureExtractor => _featureExtractor;

    /// <summary>The classifier used in training mode.</summary>
    public nn.Module<Tensor, Tensor> TrainClassifier => _trainClassifier;

    /// <summary>The classifier used in evaluation mode.</summary>
    public NcmClassifier EvalClassifier => _evalClassifier;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var features = _featureExtractor.call(input);
        return training ? _trainClassifier.call(features) : _evalClassifier.call(features);
    }

    /// <summary>The feature extractor's output.</summary>
    public Tensor GetFeatures(Tensor inputs) => _featureExtractor.call(inputs);
}
