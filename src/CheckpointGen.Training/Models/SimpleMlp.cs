using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Models;

/// <summary>
/// Avalanche's <c>SimpleMLP</c>: the input flattened to <c>inputSize</c>, then <c>hiddenLayers</c>
/// blocks of Linear → ReLU → Dropout (<c>features</c>), then a Linear <c>classifier</c>.
/// Its features (<see cref="GetFeatures"/>, Avalanche's <c>get_features</c>) are the flattened input run
/// through <see cref="Features"/>: what the classifier sees, for strategies that work on features (LFL).
/// </summary>
/// <remarks>Parameter names: <c>features.fc{i}.weight|bias</c> for hidden block i, <c>classifier.weight|bias</c>.</remarks>
[Checkpointable]
public sealed partial class SimpleMlp : nn.Module<Tensor, Tensor>, IClassifierHost, IFeatureExtractor
{
    /// <summary>The name of the output layer (for <see cref="MultiTask.AsMultitask"/>).</summary>
    public const string ClassifierName = "classifier";

    private readonly int _inputSize;

    // Registered as "features" and "classifier": saved by name with the module's state.
    [CheckpointIgnore] private readonly Sequential _features;
    [CheckpointIgnore] private nn.Module<Tensor, Tensor> _classifier;

    /// <summary>Creates the network.</summary>
    /// <param name="numClasses">Outputs.</param>
    /// <param name="inputSize">Values per input sample (the input is flattened to this).</param>
    /// <param name="hiddenSize">Units per hidden layer.</param>
    /// <param name="hiddenLayers">Hidden blocks (at least 1).</param>
    /// <param name="dropRate">Dropout probability after each hidden block.</param>
    public SimpleMlp(int numClasses = 10, int inputSize = 784, int hiddenSize = 512, int hiddenLayers = 1, double dropRate = 0.5)
        : base(nameof(SimpleMlp))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenLayers, 1);
        if (dropRate is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(dropRate), dropRate, "The dropout rate must be in [0, 1).");
        _inputSize = inputSize;
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (int i = 0; i < hiddenLayers; i++)
        {
            layers.Add(($"fc{i}", nn.Linear(i == 0 ? inputSize : hiddenSize, hiddenSize)));
            layers.Add(($"relu{i}", nn.ReLU()));
            layers.Add(($"dropout{i}", nn.Dropout(dropRate)));
        }
        _features = nn.Sequential(layers);
        _classifier = nn.Linear(hiddenSize, numClasses);
        register_module("features", _features);
        register_module(ClassifierName, _classifier);
    }

    /// <summary>Registration is explicit (Avalanche's names), not by field name.</summary>
    protected override void RegisterComponents() { }

    /// <summary>Values per input sample.</summary>
    public int InputSize => _inputSize;

    /// <summary>The hidden blocks.</summary>
    public Sequential Features => _features;

    /// <summary>The output layer (an identity once <see cref="MultiTask.AsMultitask"/> took it out).</summary>
    public nn.Module<Tensor, Tensor> Classifier => _classifier;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var hidden = GetFeatures(input);
        return _classifier.call(hidden);
    }

    /// <summary>The input flattened to <see cref="InputSize"/> values per sample and run through <see cref="Features"/>.</summary>
    public Tensor GetFeatures(Tensor inputs)
    {
        using var flat = inputs.reshape(inputs.shape[0], _inputSize);
        return _features.call(flat);
    }

    nn.Module<Tensor, Tensor>? IClassifierHost.GetClassifier(string name) => name == ClassifierName ? _classifier : null;

    void IClassifierHost.ReplaceClassifier(string name, nn.Module<Tensor, Tensor> replacement)
    {
        if (name != ClassifierName) throw new ArgumentException($"SimpleMlp has no submodule '{name}'; its classifier is '{ClassifierName}'.", nameof(name));
        ArgumentNullException.ThrowIfNull(replacement);
        _classifier = replacement;
        ModuleRegistration.Replace(this, ClassifierName, replacement);
    }
}
