using CheckpointGen.Training.Storage;
using CheckpointGen.Training.Templates;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Plugins;

/// <summary>
/// GDumb (Prabhu et al., 2020; Avalanche's <c>GDumbPlugin</c>): a class-balanced buffer greedily
/// collects samples; at each experience the model is reset to its initial weights and trained only
/// on the buffer.
/// </summary>
/// <remarks>
/// <para>The initial weights are a copy of the model's state taken at the first experience and
/// saved with the plugin. Units a dynamic model adds later are recorded with the values they were
/// created with, so a reset puts every unit back to its own initial value (Avalanche keeps an adapted
/// initial model for the same purpose).</para>
/// <para>The optimizer is not rebuilt by the reset (its state, such as momentum, carries over).</para>
/// <para>A run resumed inside an experience neither resets the model nor updates the buffer again.</para>
/// </remarks>
[Checkpointable]
public sealed partial class GDumbPlugin : IStrategyPlugin
{
    private readonly ClassBalancedBuffer _storagePolicy;
    [CheckpointConfiguration] private readonly int _memSize;
    private readonly Dictionary<string, Tensor> _initialState = [];
    private bool _hasInitialState;

    /// <summary>Creates the plugin with a buffer of <paramref name="memSize"/> samples.</summary>
    public GDumbPlugin(int memSize = 200)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(memSize);
        _storagePolicy = new ClassBalancedBuffer(memSize, adaptiveSize: true);
        _memSize = memSize;
    }

    /// <summary>The class-balanced buffer.</summary>
    public ClassBalancedBuffer StoragePolicy => _storagePolicy;

    /// <summary>The initial values of the model's parameters and buffers, by name.</summary>
    public IReadOnlyDictionary<string, Tensor> InitialState => _initialState;

    void IStrategyPlugin.BeforeTrainDatasetAdaptation(SupervisedTemplate strategy)
    {
        if (strategy.IsResumingExperience) return;
        if (!_hasInitialState)
        {
            Record(strategy.Model);
            _hasInitialState = true;
        }
        else
        {
            Reset(strategy.Model);
        }
    }

    void IStrategyPlugin.AfterTrainDatasetAdaptation(SupervisedTemplate strategy)
    {
        if (!strategy.IsResumingExperience) _storagePolicy.Update(strategy);
        else _storagePolicy.ResolveSources(DatasetSelection.SourcesOf(strategy.Experience.Dataset));
        strategy.AdaptedDataset = _storagePolicy.Buffer
            ?? throw new InvalidOperationException("GDumb's buffer is empty after the update: the experience has no samples or the memory size is 0.");
    }

    // After model adaptation: remember the initial values of units the model just grew.
    void IStrategyPlugin.BeforeTrainingExp(SupervisedTemplate strategy)
    {
        if (!strategy.IsResumingExperience) Record(strategy.Model);
    }

    /// <summary>Copies every parameter and buffer whose name or shape is new.</summary>
    private void Record(nn.Module model)
    {
        foreach (var (name, tensor) in model.state_dict())
        {
            if (_initialState.TryGetValue(name, out var known) && known.shape.SequenceEqual(tensor.shape)) continue;
            known?.Dispose();
            _initialState[name] = tensor.detach().clone().DetachFromDisposeScope();
        }
    }

    /// <summary>Puts every recorded value back (the leading part of a tensor that grew since).</summary>
    private void Reset(nn.Module model)
    {
        using var noGrad = no_grad();
        foreach (var (name, tensor) in model.state_dict())
        {
            if (!_initialState.TryGetValue(name, out var initial)) continue;
            if (initial.shape.SequenceEqual(tensor.shape)) tensor.copy_(initial);
            else if (initial.dim() == tensor.dim() && initial.dim() > 0 && initial.shape[0] <= tensor.shape[0] && initial.shape[1..].SequenceEqual(tensor.shape[1..]))
                tensor.narrow(0, 0, initial.shape[0]).copy_(initial);
            else
                throw new InvalidOperationException($"GDumb cannot reset '{name}': its initial shape [{string.Join(", ", initial.shape)}] does not fit the current [{string.Join(", ", tensor.shape)}].");
        }
    }
}
