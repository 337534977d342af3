using CheckpointGen.Training.Templates;
using CheckpointGen.Training.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Plugins.Regularization;

/// <summary>
/// Riemannian Walk (Avalanche's <c>RWalkPlugin</c>, Chaudhry et al. 2018). Before every training iteration it takes
/// the gradient of the plain loss on the minibatch (model in evaluation mode) and folds its square into a running
/// Fisher importance (EWC++: <c>α · g² + (1 − α) · old</c>); after the step it accumulates the first-order loss change
/// <c>−g · Δθ</c>, and every <c>deltaT</c> iterations turns it into path-integral scores
/// <c>Δloss / (½ · importance · Δθ² + ε)</c>. After each experience the penalty weight of every parameter is its
/// importance over the largest importance plus its ReLU-ed score over the largest score (scores averaged with the
/// previous experiences'); later experiences add <c>λ · Σ weight · (θ − θ_saved)²</c> to the loss.
/// </summary>
/// <remarks>
/// A parameter the minibatch does not reach (another task's head) has no gradient: it is left out of that iteration's
/// updates, as in Avalanche, but keeps its running importance (Avalanche drops it from the dictionary). After the
/// gradient pass the model goes back to training mode (Avalanche leaves it in evaluation mode until the next
/// periodic evaluation, which switches dropout off for the rest of the experience).
/// </remarks>
[Checkpointable]
public sealed partial class RWalkPlugin : IStrategyPlugin
{
    [CheckpointConfiguration] private readonly double _ewcLambda;
    [CheckpointConfiguration] private readonly double _ewcAlpha;
    [CheckpointConfiguration] private readonly int _deltaT;

    // Since the last score checkpoint (every deltaT iterations): parameter values, accumulated loss change, scores.
    private Dictionary<string, Tensor> _checkpointParams = new();
    private Dictionary<string, Tensor> _checkpointLoss = new();
    private Dictionary<string, Tensor> _checkpointScores = new();
    // Taken before each iteration's update and used after it; the importance is the running EWC++ average.
    private Dictionary<string, Tensor> _iterGrad = new();
    private Dictionary<string, Tensor> _iterParams = new();
    private Dictionary<string, Tensor> _iterImportance = new();
    // At the end of the last experience (t_k in the paper); empty before the first one ends.
    private Dictionary<string, Tensor> _expScores = new();
    private Dictionary<string, Tensor> _expParams = new();
    private Dictionary<string, Tensor> _expImportance = new();
    private Dictionary<string, Tensor> _expPenalties = new();

    /// <summary>Creates the plugin with Avalanche's defaults.</summary>
    /// <param name="ewcLambda">Weight of the penalty in the loss.</param>
    /// <param name="ewcAlpha">Weight of the newest squared gradient in the running importance, in [0, 1].</param>
    /// <param name="deltaT">Iterations between two score updates (at least 1).</param>
    public RWalkPlugin(double ewcLambda = 0.1, double ewcAlpha = 0.9, int deltaT = 10)
    {
        if (ewcAlpha is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(ewcAlpha), ewcAlpha, "RWalk: ewcAlpha must be in [0, 1].");
        if (deltaT < 1) throw new ArgumentOutOfRangeException(nameof(deltaT), deltaT, "RWalk: deltaT must be at least 1.");
        _ewcLambda = ewcLambda;
        _ewcAlpha = ewcAlpha;
        _deltaT = deltaT;
    }

    /// <summary>The running importance (read-only use).</summary>
    public IReadOnlyDictionary<string, Tensor> Importance => _iterImportance;

    /// <summary>The scores accumulated since the last experience ended (read-only use).</summary>
    public IReadOnlyDictionary<string, Tensor> CheckpointScores => _checkpointScores;

    /// <summary>The penalty weight of every parameter, fixed at the end of the last experience (read-only use).</summary>
    public IReadOnlyDictionary<string, Tensor> Penalties => _expPenalties;

    /// <summary>The parameter values at the end of the last experience (read-only use).</summary>
    public IReadOnlyDictionary<string, Tensor> SavedParams => _expParams;

    void IStrategyPlugin.BeforeTraining(SupervisedTemplate strategy)
    {
        // A run resumed inside an experience continues the sums of the checkpoint.
        if (strategy.Progress.InExperience) return;
        Replace(ref _checkpointLoss, ParameterMaps.ZerosLike(strategy.Model));
        Replace(ref _checkpointScores, ParameterMaps.ZerosLike(strategy.Model));
        Replace(ref _checkpointParams, ParameterMaps.Copy(strategy.Model));
    }

    /// <summary>
    /// Parameters the model gained when it adapted to the experience (a new head) start their sums here, at zero and
    /// from their current values (Avalanche takes these only before training, before the model adapts, and fails on
    /// a parameter it has no entry for).
    /// </summary>
    void IStrategyPlugin.BeforeTrainingExp(SupervisedTemplate strategy)
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in strategy.Model.named_parameters())
        {
            if (!_checkpointLoss.ContainsKey(name)) _checkpointLoss[name] = torch.zeros_like(parameter).DetachFromDisposeScope();
            if (!_checkpointScores.ContainsKey(name)) _checkpointScores[name] = torch.zeros_like(parameter).DetachFromDisposeScope();
            if (!_checkpointParams.ContainsKey(name)) _checkpointParams[name] = parameter.detach().clone().DetachFromDisposeScope();
        }
    }

    void IStrategyPlugin.BeforeTrainingIteration(SupervisedTemplate strategy)
    {
        Replace(ref _iterGrad, PlainLossGradients(strategy));
        UpdateImportance();
        Replace(ref _iterParams, ParameterMaps.Copy(strategy.Model));
    }

    void IStrategyPlugin.BeforeBackward(SupervisedTemplate strategy)
    {
        if (strategy.Clock.TrainExpCounter == 0) return;
        strategy.Loss = strategy.Loss.Plus(Penalty(strategy.Model).Times(_ewcLambda));
    }

    void IStrategyPlugin.AfterTrainingIteration(SupervisedTemplate strategy)
    {
        UpdateLoss(strategy.Model);
        // The clock counts this iteration after the plugins: TrainIterations is still the count before it.
        if ((strategy.Clock.TrainIterations + 1) % _deltaT != 0) return;
        UpdateScores(strategy.Model);
        Replace(ref _checkpointLoss, ParameterMaps.ZerosLike(strategy.Model));
        Replace(ref _checkpointParams, ParameterMaps.Copy(strategy.Model));
    }

    void IStrategyPlugin.AfterTrainingExp(SupervisedTemplate strategy)
    {
        Replace(ref _expImportance, Clone(_iterImportance));
        Replace(ref _expParams, ParameterMaps.Copy(strategy.Model));
        Replace(ref _expScores, _expScores.Count == 0 ? Clone(_checkpointScores) : AveragedScores());
        Replace(ref _expPenalties, NormalizedPenalties());
        Replace(ref _checkpointScores, ParameterMaps.ZerosLike(strategy.Model));
    }

    /// <summary><c>Σ weight · (θ − θ_saved)²</c> over the parameters that have a penalty weight (before λ).</summary>
    public Tensor Penalty(nn.Module model)
    {
        var penalty = torch.tensor(0f, device: model.parameters().FirstOrDefault()?.device ?? CPU);
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (!_expPenalties.TryGetValue(name, out var weight)) continue; // parameters added since do not count
            var shape = parameter.shape;
            penalty = penalty.Plus((ParameterMaps.Expand(weight, shape) * (parameter - ParameterMaps.Expand(_expParams[name], shape)).Squared()).sum());
        }
        return penalty;
    }

    /// <summary>The gradients of the criterion alone on the current minibatch, the model in evaluation mode.</summary>
    private static Dictionary<string, Tensor> PlainLossGradients(SupervisedTemplate strategy)
    {
        var model = strategy.Model;
        bool training = model.training;
        foreach (var parameter in model.parameters()) parameter.grad = null;
        model.eval();
        try
        {
            using var scope = NewDisposeScope();
            var output = strategy.Forward();
            strategy.Criterion.call(output, strategy.MbY).backward();
        }
        finally
        {
            model.train(training);
        }
        var gradients = new Dictionary<string, Tensor>();
        foreach (var (name, parameter) in model.named_parameters())
            if (parameter.grad is { } grad) gradients[name] = grad.detach().clone().DetachFromDisposeScope();
        return gradients;
    }

    /// <summary>EWC++ (Eq. 6 of the paper): the running average of the squared gradients.</summary>
    private void UpdateImportance()
    {
        using var noGrad = no_grad();
        foreach (var (name, grad) in _iterGrad)
        {
            using var squared = grad.Squared();
            var updated = _iterImportance.TryGetValue(name, out var old)
                ? squared.Times(_ewcAlpha).Plus(ParameterMaps.Expand(old, grad.shape).Times(1 - _ewcAlpha))
                : squared.clone();
            old?.Dispose();
            _iterImportance[name] = updated.DetachFromDisposeScope();
        }
    }

    /// <summary>The first-order change of the loss over one update (Eq. 7 of the paper for one step): <c>−g · Δθ</c>.</summary>
    private void UpdateLoss(nn.Module model)
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (!_iterGrad.TryGetValue(name, out var grad)) continue;
            var shape = parameter.shape;
            var loss = Grown(_checkpointLoss, name, shape);
            loss.PlusInPlace((ParameterMaps.Expand(grad, shape) * (parameter - ParameterMaps.Expand(_iterParams[name], shape))).neg());
        }
    }

    /// <summary>The scores of one interval (s_t1^t2 in the paper): the loss change over half the importance-weighted squared distance.</summary>
    private void UpdateScores(nn.Module model)
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (!_iterImportance.TryGetValue(name, out var importance)) continue; // parameters added since do not count
            var shape = parameter.shape;
            var loss = _checkpointLoss[name];
            double eps = Eps(loss.dtype);
            var distance = (parameter - ParameterMaps.Expand(_checkpointParams[name], shape)).Squared();
            var denominator = ParameterMaps.Expand(importance, shape).Times(0.5).mul(distance).Plus(eps);
            Grown(_checkpointScores, name, shape).PlusInPlace(ParameterMaps.Expand(loss, shape).div(denominator));
        }
    }

    /// <summary>The mean of the previous experiences' scores and this experience's, for the parameters already scored.</summary>
    private Dictionary<string, Tensor> AveragedScores()
    {
        var averaged = new Dictionary<string, Tensor>();
        using var noGrad = no_grad();
        foreach (var (name, current) in _checkpointScores)
            if (_expScores.TryGetValue(name, out var previous))
                averaged[name] = ParameterMaps.Expand(previous, current.shape).Plus(current).Times(0.5).DetachFromDisposeScope();
        return averaged;
    }

    /// <summary>Importance and ReLU-ed score, each scaled to [0, 1] by its largest value over all parameters.</summary>
    private Dictionary<string, Tensor> NormalizedPenalties()
    {
        var penalties = new Dictionary<string, Tensor>();
        if (_expScores.Count == 0 || _expImportance.Count == 0) return penalties;
        using var noGrad = no_grad();
        double maxScore = _expScores.Values.Max(s => s.max().item<float>());
        double maxImportance = _expImportance.Values.Max(i => i.max().item<float>());
        foreach (var (name, score) in _expScores)
        {
            if (!_expImportance.TryGetValue(name, out var importance)) continue;
            var shape = importance.shape;
            penalties[name] = importance.DividedBy(maxImportance).Plus(ParameterMaps.Expand(score, shape).relu().DividedBy(maxScore)).DetachFromDisposeScope();
        }
        return penalties;
    }

    /// <summary>The tensor of <paramref name="name"/> in <paramref name="map"/>, grown in place of the old one if the parameter grew.</summary>
    private static Tensor Grown(Dictionary<string, Tensor> map, string name, long[] shape)
    {
        var tensor = map[name];
        if (tensor.shape.SequenceEqual(shape)) return tensor;
        var grown = ParameterMaps.Expand(tensor, shape).DetachFromDisposeScope();
        tensor.Dispose();
        map[name] = grown;
        return grown;
    }

    private static double Eps(ScalarType dtype) => dtype == ScalarType.Float64 ? 2.220446049250313e-16 : 1.1920928955078125e-07;

    private static Dictionary<string, Tensor> Clone(Dictionary<string, Tensor> map) =>
        map.ToDictionary(e => e.Key, e => e.Value.detach().clone().DetachFromDisposeScope());

    private static void Replace(ref Dictionary<string, Tensor> field, Dictionary<string, Tensor> value)
    {
        ParameterMaps.Release(field);
        field = value;
    }
}
