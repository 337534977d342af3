using CheckpointGen.Training.Templates;
using CheckpointGen.Training.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Plugins.Regularization;

/// <summary>
/// Elastic Weight Consolidation (Avalanche's <c>EWCPlugin</c>). After each experience it estimates
/// every parameter's importance as the diagonal of the empirical Fisher information (the squared
/// gradient of the loss, averaged over the experience's minibatches, model in eval mode) and keeps
/// the parameter values; while training later experiences it adds
/// <c>λ · Σ importance · (θ − θ_saved)²</c> to the loss. Task labels are not used.
/// </summary>
[Checkpointable]
[CheckpointFormerName("CheckpointGen.Training.Plugins.EwcPlugin")]
public sealed partial class EwcPlugin : IStrategyPlugin
{
    [CheckpointConfiguration] private readonly double _ewcLambda;
    [CheckpointConfiguration] private readonly EwcMode _mode;
    [CheckpointConfiguration] private readonly double _decayFactor;
    [CheckpointConfiguration] private readonly bool _keepImportanceData;
    // Per experience: parameter values at its end and their importances (by parameter name).
    private Dictionary<int, Dictionary<string, Tensor>> _savedParams = new();
    private Dictionary<int, Dictionary<string, Tensor>> _importances = new();

    /// <summary>Creates the plugin.</summary>
    /// <param name="ewcLambda">Weight of the penalty in the loss.</param>
    /// <param name="mode"><see cref="EwcMode.Separate"/>: one penalty per past experience; <see cref="EwcMode.Online"/>: one decayed running penalty.</param>
    /// <param name="decayFactor">Decay of the old importances in online mode (required there, not allowed in separate mode).</param>
    /// <param name="keepImportanceData">Keep the values and importances of every experience in online mode (separate mode always keeps them).</param>
    public EwcPlugin(double ewcLambda, EwcMode mode = EwcMode.Separate, double? decayFactor = null, bool keepImportanceData = false)
    {
        if (decayFactor is not null && mode != EwcMode.Online)
            throw new ArgumentException("EWC: decayFactor is only used in online mode; set mode to Online or leave decayFactor out.", nameof(decayFactor));
        if (decayFactor is null && mode == EwcMode.Online)
            throw new ArgumentException("EWC: online mode needs a decayFactor.", nameof(decayFactor));
        if (!Enum.IsDefined(mode)) throw new ArgumentOutOfRangeException(nameof(mode), mode, "EWC: mode must be Separate or Online.");
        _ewcLambda = ewcLambda;
        _mode = mode;
        _decayFactor = decayFactor ?? 0;
        _keepImportanceData = mode == EwcMode.Separate || keepImportanceData;
    }

    /// <summary>Weight of the penalty.</summary>
    public double EwcLambda => _ewcLambda;

    /// <summary>The mode.</summary>
    public EwcMode Mode => _mode;

    /// <summary>Importances per experience (read-only use: tests and inspection).</summary>
    public IReadOnlyDictionary<int, Dictionary<string, Tensor>> Importances => _importances;

    /// <summary>Parameter values saved at the end of each experience (read-only use).</summary>
    public IReadOnlyDictionary<int, Dictionary<string, Tensor>> SavedParams => _savedParams;

    /// <summary>The penalty (before λ) for the model's current parameters after <paramref name="experiencesSeen"/> experiences.</summary>
    public Tensor Penalty(nn.Module model, long experiencesSeen)
    {
        var penalty = torch.tensor(0f, device: model.parameters().FirstOrDefault()?.device ?? CPU);
        IEnumerable<int> anchors = _mode == EwcMode.Separate
            ? Enumerable.Range(0, (int)experiencesSeen)
            : [(int)experiencesSeen - 1];
        foreach (int experience in anchors)
        {
            if (!_savedParams.TryGetValue(experience, out var saved) || !_importances.TryGetValue(experience, out var importance))
                throw new InvalidOperationException($"EWC has no saved parameters or importances for experience {experience}; the plugin must see every training experience from the first.");
            foreach (var (name, current) in model.named_parameters())
            {
                if (!saved.TryGetValue(name, out var anchor)) continue; // parameters added since do not count
                var shape = current.shape;
                penalty = penalty.Plus((ParameterMaps.Expand(importance[name], shape) * (current - ParameterMaps.Expand(anchor, shape)).Squared()).sum());
            }
        }
        return penalty;
    }

    void IStrategyPlugin.BeforeBackward(SupervisedTemplate strategy)
    {
        long expCounter = strategy.Clock.TrainExpCounter;
        if (expCounter == 0) return;
        strategy.Loss = strategy.Loss.Plus(Penalty(strategy.Model, expCounter).Times(_ewcLambda));
    }

    void IStrategyPlugin.AfterTrainingExp(SupervisedTemplate strategy)
    {
        int expCounter = checked((int)strategy.Clock.TrainExpCounter);
        var importances = ComputeImportances(strategy);
        UpdateImportances(importances, expCounter);
        Replace(_savedParams, expCounter, ParameterMaps.Copy(strategy.Model));
        if (expCounter > 0 && !_keepImportanceData) Remove(_savedParams, expCounter - 1);
    }

    /// <summary>The diagonal empirical Fisher of the current experience's data: mean over minibatches of the squared loss gradient.</summary>
    internal static Dictionary<string, Tensor> ComputeImportances(SupervisedTemplate strategy) =>
        GradientImportance.Mean(strategy, trainMode: false,
            (output, batch) => strategy.Criterion.call(output, batch.Targets),
            (_, grad) => grad.Squared());

    private void UpdateImportances(Dictionary<string, Tensor> importances, int t)
    {
        if (_mode == EwcMode.Separate || t == 0)
        {
            Replace(_importances, t, importances);
            return;
        }
        // Online: decayed sum with the previous experience's importances; new parameters (a new head) start from their own.
        if (!_importances.TryGetValue(t - 1, out var previous))
            throw new InvalidOperationException($"EWC (online) has no importances for experience {t - 1}.");
        var combined = new Dictionary<string, Tensor>();
        using (no_grad())
        {
            foreach (var (name, current) in importances)
            {
                combined[name] = previous.TryGetValue(name, out var old)
                    ? ParameterMaps.Expand(old, current.shape).Times(_decayFactor).Plus(current).DetachFromDisposeScope()
                    : current.clone().DetachFromDisposeScope();
            }
        }
        ParameterMaps.Release(importances);
        Replace(_importances, t, combined);
        if (!_keepImportanceData) Remove(_importances, t - 1);
    }

    private static void Replace(Dictionary<int, Dictionary<string, Tensor>> store, int key, Dictionary<string, Tensor> value)
    {
        Remove(store, key);
        store[key] = value;
    }

    private static void Remove(Dictionary<int, Dictionary<string, Tensor>> store, int key)
    {
        if (store.Remove(key, out var old)) ParameterMaps.Release(old);
    }
}
