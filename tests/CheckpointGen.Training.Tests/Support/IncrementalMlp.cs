using CheckpointGen.Training.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Support;

/// <summary>A hidden layer and an <see cref="IncrementalClassifier"/>; [Checkpointable] so that the classifier restores its structure.</summary>
[Checkpointable]
internal sealed partial class IncrementalMlp : nn.Module<Tensor, Tensor>
{
    [CheckpointIgnore] private readonly Linear _hidden;
    private readonly IncrementalClassifier _classifier;

    public IncrementalMlp(int inputs, int hidden) : base(nameof(IncrementalMlp))
    {
        _hidden = nn.Linear(inputs, hidden);
        _classifier = new IncrementalClassifier(hidden, initialOutFeatures: 2);
        register_module("hidden", _hidden);
        register_module("classifier", _classifier);
    }

    protected override void RegisterComponents() { }

    public IncrementalClassifier Classifier => _classifier;

    public override Tensor forward(Tensor input)
    {
        using var h = _hidden.call(input);
        using var r = nn.functional.relu(h);
        return _classifier.call(r);
    }
}
