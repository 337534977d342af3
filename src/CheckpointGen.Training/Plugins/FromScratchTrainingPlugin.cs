using CheckpointGen.Training.Plugins.Regularization;
using CheckpointGen.Training.Templates;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Plugins;

/// <summary>
/// Avalanche's <c>FromScratchTrainingPlugin</c>: before every training experience the model's parameters go back
/// to the values they had when training first started (a parameter added since, such as a new head, keeps the
/// value it was created with and is remembered from then on), and the optimizer's state is reset. As in Avalanche
/// the weights are the initial ones again, not a fresh random draw, so the plugin takes nothing from any generator.
/// </summary>
/// <remarks>
/// A run resumed inside an experience re-enters <c>BeforeTrainingExp</c>; the reset is skipped there, since the
/// experience already started from the initial weights and the checkpoint holds what training made of them.
/// </remarks>
[Checkpointable]
public sealed partial class FromScratchTrainingPlugin : IStrategyPlugin
{
    [CheckpointConfiguration] private readonly bool _resetOptimizer;
    private bool _captured;
    // The values every experience starts from, by parameter name.
    private Dictionary<string, Tensor> _initialWeights = new();

    /// <summary>Creates the plugin.</summary>
    /// <param name="resetOptimizer">Give the optimizer fresh state before every experience (needs <see cref="TemplateOptions.OptimizerFactory"/>).</param>
    public FromScratchTrainingPlugin(bool resetOptimizer = true) => _resetOptimizer = resetOptimizer;

    /// <summary>Whether the optimizer's state is reset before every experience.</summary>
    public bool ResetOptimizer => _resetOptimizer;

    /// <summary>The parameter values every experience starts from (read-only use), empty before training.</summary>
    public IReadOnlyDictionary<string, Tensor> InitialWeights => _initialWeights;

    void IStrategyPlugin.BeforeTraining(SupervisedTemplate strategy)
    {
        if (_resetOptimizer && strategy.OptimizerFactory is null)
            throw new InvalidOperationException("FromScratchTraining resets the optimizer with TemplateOptions.OptimizerFactory; give one, or pass resetOptimizer: false.");
        if (_captured) return;
        _initialWeights = ParameterMaps.Copy(strategy.Model);
        _captured = true;
    }

    void IStrategyPlugin.BeforeTrainingExp(SupervisedTemplate strategy)
    {
        if (strategy.IsResumingExperience) return;
        using (no_grad())
        {
            foreach (var (name, parameter) in strategy.Model.named_parameters())
                if (_initialWeights.TryGetValue(name, out var initial) && initial.shape.SequenceEqual(parameter.shape))
                    parameter.copy_(initial);
        }
        var previous = _initialWeights;
        _initialWeights = ParameterMaps.Copy(strategy.Model);
        ParameterMaps.Release(previous);
        if (_resetOptimizer) strategy.ResetOptimizer();
    }
}
