using CheckpointGen.Training.Templates;
using CheckpointGen.Training.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Plugins.Regularization;

/// <summary>
/// Memory Aware Synapses (Avalanche's <c>MASPlugin</c>, after FACIL). After each experience a pass over
/// its data (model in training mode) accumulates <c>|∂ mean‖f(x)‖² / ∂θ|</c> per minibatch, averaged
/// over minibatches; the importance is that for the first experience and
/// <c>α · old + (1 − α) · new</c> afterwards. Later training adds <c>λ · Σ importance · (θ − θ_saved)²</c>.
/// Unsupervised: labels are not used, nor task labels beyond the forward pass.
/// </summary>
[Checkpointable]
[CheckpointFormerName("CheckpointGen.Training.Plugins.MasPlugin")]
public sealed partial class MasPlugin : IStrategyPlugin
{
    [CheckpointConfiguration] private readonly double _lambda;
    [CheckpointConfiguration] private readonly double _alpha;
    private Dictionary<string, Tensor>? _params;
    private Dictionary<string, Tensor>? _importance;

    /// <summary>Creates the plugin.</summary>
    /// <param name="lambdaReg">Weight of the penalty.</param>
    /// <param name="alpha">Weight of the old importance when merging it with the new one.</param>
    public MasPlugin(double lambdaReg = 1.0, double alpha = 0.5)
    {
        _lambda = lambdaReg;
        _alpha = alpha;
    }

    /// <summary>Current importances by parameter name, or null before the first experience ends (read-only use).</summary>
    public IReadOnlyDictionary<string, Tensor>? Importance => _importance;

    /// <summary>Parameter values at the end of the last experience (read-only use).</summary>
    public IReadOnlyDictionary<string, Tensor>? SavedParams => _params;

    void IStrategyPlugin.BeforeBackward(SupervisedTemplate strategy)
    {
        if (strategy.Clock.TrainExpCounter == 0) return;
        if (_importance is null || _params is null)
            throw new InvalidOperationException("MAS has no importances yet; the plugin must see every training experience from the first.");
        strategy.Loss = strategy.Loss.Plus(Penalty(strategy.Model).Times(_lambda));
    }

    /// <summary><c>Σ importance · (θ − θ_saved)²</c> over the parameters that have an importance.</summary>
    public Tensor Penalty(nn.Module model)
    {
        if (_importance is null || _params is null) throw new InvalidOperationException("MAS has no importances yet.");
        Tensor? penalty = null;
        foreach (var (name, p) in model.named_parameters())
        {
            if (!_importance.TryGetValue(name, out var importance)) continue;
            var term = (ParameterMaps.Expand(importance, p.shape) * (p - ParameterMaps.Expand(_params[name], p.shape)).Squared()).sum();
            penalty = penalty is null ? term : penalty.Plus(term);
        }
        return penalty ?? torch.tensor(0f);
    }

    void IStrategyPlugin.AfterTrainingExp(SupervisedTemplate strategy)
    {
        ParameterMaps.Release(_params);
        _params = ParameterMaps.Copy(strategy.Model);
        var current = ComputeImportance(strategy);
        if (strategy.Clock.TrainExpCounter == 0 || _importance is null)
        {
            ParameterMaps.Release(_importance);
            _importance = current;
            return;
        }
        using var noGrad = no_grad();
        foreach (var (name, fresh) in current)
        {
            if (_importance.TryGetValue(name, out var old))
            {
                _importance[name] = ParameterMaps.Expand(old, fresh.shape).Times(_alpha).Plus(fresh.Times(1 - _alpha)).DetachFromDisposeScope();
                old.Dispose();
                fresh.Dispose();
            }
            else
            {
                _importance[name] = fresh;
            }
        }
    }

    /// <summary>Mean over the experience's minibatches of |gradient| of the batch-mean squared L2 norm of the outputs.</summary>
    internal static Dictionary<string, Tensor> ComputeImportance(SupervisedTemplate strategy) =>
        GradientImportance.Mean(strategy, trainMode: true,
            (output, _) => output.mul(output).sum([1L]).mean(),
            (p, grad) => p.requires_grad ? grad.abs() : null);
}
