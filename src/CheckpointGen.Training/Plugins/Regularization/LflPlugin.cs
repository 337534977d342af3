using CheckpointGen.Training.Models;
using CheckpointGen.Training.Templates;
using CheckpointGen.Training.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Plugins.Regularization;

/// <summary>
/// Less-Forgetful Learning (Avalanche's <c>LFLPlugin</c>): keeps a frozen copy of the model after each
/// experience, freezes the model's last linear layer (Avalanche's <c>get_last_fc_layer</c>: the last Linear in
/// PyTorch's module order, <see cref="ModuleTree.LastLinear"/>: the classifier of a features + classifier model,
/// however the body is nested), and adds <c>λ_e · MSE(features, previous features)</c>
/// to the loss. The model must be an <see cref="IFeatureExtractor"/>. Task labels are not used.
/// </summary>
/// <remarks>
/// Mirrors Avalanche exactly, including that computing the penalty puts the live model in eval mode
/// (Avalanche's <c>compute_features</c> calls <c>model.eval()</c>; the template sets training mode
/// again at the next <see cref="SupervisedTemplate.Train"/>). The frozen layer's parameters lose their
/// gradient (as PyTorch's <c>zero_grad(set_to_none=True)</c> would), so optimizers skip them; since a
/// checkpoint does not carry <c>requires_grad</c>, the freeze is applied again before every training call.
/// </remarks>
[Checkpointable]
[CheckpointFormerName("CheckpointGen.Training.Plugins.LflPlugin")]
public sealed partial class LflPlugin : IStrategyPlugin
{
    [CheckpointConfiguration] private readonly double[] _lambdaE;
    [CheckpointConfiguration] private readonly bool _lambdaPerExperience;
    private ModelSnapshot? _previousModel;
    private List<string> _frozenParameters = new();
    [CheckpointIgnore] private Tensor? _previousFeatures;

    /// <summary>Creates the plugin with one λ_e for every experience.</summary>
    public LflPlugin(double lambdaE) : this([lambdaE], false)
    {
    }

    /// <summary>Creates the plugin with one λ_e per experience.</summary>
    public LflPlugin(IReadOnlyList<double> lambdaEPerExperience) : this([.. lambdaEPerExperience], true)
    {
    }

    private LflPlugin(double[] lambdaE, bool perExperience)
    {
        if (lambdaE.Length == 0) throw new ArgumentException("LFL needs at least one lambda_e.", nameof(lambdaE));
        _lambdaE = lambdaE;
        _lambdaPerExperience = perExperience;
    }

    /// <summary>The frozen previous model, or null before the first experience ends.</summary>
    public ModelSnapshot? PreviousModel => _previousModel;

    /// <summary>Names of the parameters frozen (the last linear layer's).</summary>
    public IReadOnlyList<string> FrozenParameters => _frozenParameters;

    void IStrategyPlugin.BeforeTraining(SupervisedTemplate strategy)
    {
        if (strategy.Model is not IFeatureExtractor)
            throw new NotSupportedException($"LFL needs a model that implements {nameof(IFeatureExtractor)} (GetFeatures); {strategy.Model.GetType().Name} does not.");
        Freeze(strategy.Model, _frozenParameters);
    }

    void IStrategyPlugin.BeforeForward(SupervisedTemplate strategy)
    {
        _previousFeatures = null;
        if (_previousModel is null) return;
        var extractor = (IFeatureExtractor)strategy.Model;
        var x = strategy.MbX;
        _previousFeatures = _previousModel.Run(strategy.Model, () => extractor.GetFeatures(x));
    }

    void IStrategyPlugin.BeforeBackward(SupervisedTemplate strategy)
    {
        if (_previousModel is null || _previousFeatures is null) return;
        double lambda = PerExperienceValue.At(_lambdaE, _lambdaPerExperience, strategy.Clock.TrainExpCounter, "LFL's lambda_e");
        strategy.Model.eval();
        var features = ((IFeatureExtractor)strategy.Model).GetFeatures(strategy.MbX);
        strategy.Loss = strategy.Loss.Plus(nn.functional.mse_loss(features, _previousFeatures).Times(lambda));
        _previousFeatures = null;
    }

    void IStrategyPlugin.AfterTrainingExp(SupervisedTemplate strategy)
    {
        _previousModel?.Release();
        _previousModel = ModelSnapshot.Of(strategy.Model, training: false);
        var (_, lastLinear) = ModuleTree.LastLinear(strategy.Model)
            ?? throw new InvalidOperationException("LFL freezes the model's last linear layer, but the model has no Linear module.");
        foreach (string name in ModuleTree.ParameterNamesOf(strategy.Model, lastLinear))
            if (!_frozenParameters.Contains(name)) _frozenParameters.Add(name);
        Freeze(strategy.Model, _frozenParameters);
    }

    private static void Freeze(nn.Module model, List<string> names)
    {
        if (names.Count == 0) return;
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (string name in names)
        {
            if (!parameters.TryGetValue(name, out var p))
                throw new InvalidOperationException($"LFL froze parameter '{name}', which the model no longer has.");
            p.requires_grad = false;
            p.grad = null;
        }
    }
}
