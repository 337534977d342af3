using CheckpointGen.Training.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Evaluation;

/// <summary>
/// A model with fixed outputs: input column <see cref="Stage"/> holds the class it predicts for each
/// sample; the logits are 5 for that class and 0 elsewhere (plus a bias that SGD with lr 0 keeps at 0),
/// so accuracies and losses are known by hand.
/// </summary>
internal sealed class ScriptedModel : nn.Module<Tensor, Tensor>
{
    public const double Logit = 5.0;
    private readonly TorchSharp.Modules.Parameter _bias;
    private readonly int _classes;

    public ScriptedModel(int classes) : base(nameof(ScriptedModel))
    {
        _classes = classes;
        _bias = nn.Parameter(zeros(classes));
        RegisterComponents();
    }

    /// <summary>Which input column holds the predictions (the test moves it between experiences).</summary>
    public int Stage { get; set; }

    public override Tensor forward(Tensor input)
    {
        var predicted = input[.., Stage].to_type(ScalarType.Int64);
        return nn.functional.one_hot(predicted, _classes).to_type(ScalarType.Float32).Times(Logit).Plus(_bias);
    }

    /// <summary>Cross-entropy of a correct prediction: log(e^5 + (C−1)) − 5.</summary>
    public static double CorrectLoss(int classes) => Math.Log(Math.Exp(Logit) + (classes - 1)) - Logit;

    /// <summary>Cross-entropy of a wrong prediction: log(e^5 + (C−1)).</summary>
    public static double WrongLoss(int classes) => Math.Log(Math.Exp(Logit) + (classes - 1));
}
