using CheckpointGen.Training.Templates;
using CheckpointGen.Training.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Plugins.Regularization;

/// <summary>
/// Synaptic Intelligence (Avalanche's <c>SynapticIntelligencePlugin</c>, same constants). Along each
/// experience it accumulates, per parameter, the path integral <c>Σ g · Δθ</c> of every update (the
/// gradient after the backward pass times the change the optimizer made); at the end of the
/// experience the importance becomes <c>min(0.001, −Σ_exp trajectory / ((θ_end − θ_start)² + ε))</c>
/// (cumulated over experiences), and the loss of later iterations gets
/// <c>λ/2 · Σ importance · (θ − θ_end)²</c>. All state is kept flat on the CPU, like Avalanche.
/// </summary>
[Checkpointable]
[CheckpointFormerName("CheckpointGen.Training.Plugins.SynapticIntelligencePlugin")]
public sealed partial class SynapticIntelligencePlugin : IStrategyPlugin
{
    /// <summary>Avalanche's clip of the importances (<c>update_ewc_data(..., clip_to=0.001, c=1)</c>).</summary>
    public const double ImportanceClip = 0.001;

    [CheckpointConfiguration] private readonly double[] _siLambda;
    [CheckpointConfiguration] private readonly double _eps;
    [CheckpointConfiguration] private readonly string[] _excludedParameters;
    // Avalanche's ewc_data: parameter values at the start (during an experience) or end (after it), and importances.
    private Dictionary<string, Tensor> _anchor = new();
    private Dictionary<string, Tensor> _importance = new();
    // Avalanche's syn_data: parameters before the iteration's update, the running trajectory of this experience, and its sum over experiences.
    private Dictionary<string, Tensor> _oldTheta = new();
    private Dictionary<string, Tensor> _trajectory = new();
    private Dictionary<string, Tensor> _cumTrajectory = new();

    /// <summary>Creates the plugin with one λ for every experience.</summary>
    public SynapticIntelligencePlugin(double siLambda, double eps = 1e-7, IEnumerable<string>? excludedParameters = null)
        : this([siLambda], eps, excludedParameters)
    {
    }

    /// <summary>Creates the plugin with one λ per experience (the last one for the experiences beyond the list).</summary>
    /// <param name="siLambda">Penalty weights; experience i uses <c>siLambda[min(i, last)]</c>.</param>
    /// <param name="eps">Damping of the importance denominator.</param>
    /// <param name="excludedParameters">Parameter name patterns not to regularize (shell wildcards).</param>
    public SynapticIntelligencePlugin(IReadOnlyList<double> siLambda, double eps = 1e-7, IEnumerable<string>? excludedParameters = null)
    {
        ArgumentNullException.ThrowIfNull(siLambda);
        if (siLambda.Count == 0) throw new ArgumentException("Synaptic Intelligence needs at least one lambda.", nameof(siLambda));
        _siLambda = [.. siLambda];
        _eps = eps;
        _excludedParameters = [.. excludedParameters ?? []];
    }

    /// <summary>Current importances, flat, by parameter name (read-only use).</summary>
    public IReadOnlyDictionary<string, Tensor> Importance => _importance;

    /// <summary>Parameter values the penalty pulls towards, flat, by parameter name (read-only use).</summary>
    public IReadOnlyDictionary<string, Tensor> Anchor => _anchor;

    /// <summary>This experience's trajectory (Σ g·Δθ so far), flat, by parameter name (read-only use).</summary>
    public IReadOnlyDictionary<string, Tensor> Trajectory => _trajectory;

    private List<(string Name, Parameter Parameter)> Allowed(nn.Module model) => ParameterFilter.Allowed(model, _excludedParameters);

    void IStrategyPlugin.BeforeTrainingExp(SupervisedTemplate strategy)
    {
        // A resumed run re-enters an experience whose start state is already in the checkpoint.
        if (strategy.IsResumingExperience) return;
        using var noGrad = no_grad();
        foreach (var (name, p) in Allowed(strategy.Model))
        {
            long n = p.numel();
            if (!_anchor.TryGetValue(name, out var anchor))
            {
                foreach (var map in new[] { _anchor, _importance, _oldTheta, _trajectory, _cumTrajectory })
                    map[name] = torch.zeros(n, p.dtype).DetachFromDisposeScope();
            }
            else if (anchor.numel() != n)
            {
                foreach (var map in new[] { _anchor, _importance, _oldTheta, _trajectory, _cumTrajectory })
                {
                    var old = map[name];
                    map[name] = ParameterMaps.Expand(old, [n]).DetachFromDisposeScope();
                    old.Dispose();
                }
            }
        }
        // Avalanche's init_batch: remember where the experience starts, clear its trajectory.
        ExtractWeights(strategy.Model, _anchor);
        foreach (var t in _trajectory.Values) t.zero_();
    }

    void IStrategyPlugin.BeforeTrainingIteration(SupervisedTemplate strategy) => ExtractWeights(strategy.Model, _oldTheta);

    void IStrategyPlugin.BeforeBackward(SupervisedTemplate strategy)
    {
        int exp = checked((int)strategy.Clock.TrainExpCounter);
        double lambda = _siLambda[Math.Min(exp, _siLambda.Length - 1)];
        if (Penalty(strategy.Model, lambda) is { } penalty)
            strategy.Loss = strategy.Loss.Plus(penalty.to(strategy.Device));
    }

    /// <summary><c>λ/2 · Σ importance · (θ − anchor)²</c> over the regularized parameters, or null when there are none.</summary>
    public Tensor? Penalty(nn.Module model, double lambda)
    {
        Tensor? loss = null;
        foreach (var (name, p) in Allowed(model))
        {
            var weights = p.flatten();
            var device = weights.device;
            var term = torch.dot(_importance[name].to(device), (weights - _anchor[name].to(device)).Squared()).Times(lambda / 2);
            loss = loss is null ? term : loss.Plus(term);
        }
        return loss;
    }

    void IStrategyPlugin.AfterTrainingIteration(SupervisedTemplate strategy)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        foreach (var (name, p) in Allowed(strategy.Model))
        {
            var newTheta = p.detach().cpu().flatten();
            var grad = p.grad is { } g ? g.detach().cpu().flatten() : torch.zeros(p.numel(), p.dtype);
            _trajectory[name].PlusInPlace(grad * (newTheta - _oldTheta[name]));
        }
    }

    void IStrategyPlugin.AfterTrainingExp(SupervisedTemplate strategy)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        foreach (var (name, p) in Allowed(strategy.Model))
        {
            var newTheta = p.detach().cpu().flatten();
            // Avalanche's update_ewc_data with c = 1: the sign flips because its trajectory is g·Δθ (negative while descending).
            _cumTrajectory[name].PlusInPlace(_trajectory[name] / (newTheta - _anchor[name]).Squared().Plus(_eps));
            {
                using var clip = ImportanceClip.ToScalar();
                _importance[name].copy_((-_cumTrajectory[name]).clamp_max(clip));
            }
            _anchor[name].copy_(newTheta);
        }
    }

    private void ExtractWeights(nn.Module model, Dictionary<string, Tensor> target)
    {
        using var noGrad = no_grad();
        foreach (var (name, p) in Allowed(model))
            target[name].copy_(p.detach().flatten());
    }
}
