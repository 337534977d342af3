using CheckpointGen.Training.Plugins.Regularization;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Models;

/// <summary>
/// A frozen copy of a model's parameters, buffers and training flag: the "previous model" of LwF and
/// LFL (Avalanche keeps <c>copy.deepcopy(model)</c>). TorchSharp cannot deep-copy an arbitrary module,
/// so the copy is kept as tensors, which also makes it checkpointable whatever the model's type, and
/// it is evaluated by running the live model with these values swapped in (<see cref="Run{T}"/>).
/// </summary>
/// <remarks>
/// Parameters the model gained after the snapshot (a new head) keep their live values during
/// <see cref="Run{T}"/>; a grown parameter gets the snapshot in its leading slice (the old output
/// units), which is what the old, smaller layer computed for those units.
/// </remarks>
[Checkpointable]
public sealed partial class ModelSnapshot
{
    private Dictionary<string, Tensor> _parameters = new();
    private Dictionary<string, Tensor> _buffers = new();
    private bool _training;

    private ModelSnapshot()
    {
    }

    /// <summary>Copies <paramref name="model"/>'s parameters, buffers and training flag.</summary>
    public static ModelSnapshot Of(nn.Module model, bool? training = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var snapshot = new ModelSnapshot { _training = training ?? model.training };
        using var noGrad = no_grad();
        foreach (var (name, p) in model.named_parameters()) snapshot._parameters[name] = p.detach().clone().DetachFromDisposeScope();
        foreach (var (name, b) in model.named_buffers()) snapshot._buffers[name] = b.detach().clone().DetachFromDisposeScope();
        return snapshot;
    }

    /// <summary>Whether the copy runs in training mode (dropout active, batch-norm statistics updated).</summary>
    public bool Training => _training;

    /// <summary>The saved parameters by name (read-only use).</summary>
    public IReadOnlyDictionary<string, Tensor> Parameters => _parameters;

    /// <summary>The saved buffers by name (read-only use).</summary>
    public IReadOnlyDictionary<string, Tensor> Buffers => _buffers;

    /// <summary>
    /// Runs <paramref name="forward"/> (a forward pass of <paramref name="live"/>) as the copy, without
    /// gradients: the copy's values and training flag are swapped into the live model and the live
    /// ones put back afterwards, bit for bit. Buffers the pass updated (batch-norm statistics in
    /// training mode) are kept in the copy, as they would be in a separate model. Call it only while
    /// no autograd graph of the live model is pending (before the minibatch's forward pass): the swap
    /// writes the parameters in place.
    /// </summary>
    public T Run<T>(nn.Module live, Func<T> forward)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(forward);
        using var noGrad = no_grad();
        var liveParameters = live.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        var liveBuffers = live.named_buffers().ToDictionary(b => b.name, b => b.buffer);
        var keptParameters = SwapIn(liveParameters, _parameters, "parameter");
        var keptBuffers = SwapIn(liveBuffers, _buffers, "buffer");
        bool liveTraining = live.training;
        try
        {
            live.train(_training);
            return forward();
        }
        finally
        {
            live.train(liveTraining);
            foreach (var (name, saved) in _buffers)
                saved.copy_(ParameterMaps.LeadingSlice(liveBuffers[name], saved.shape));
            Restore(liveParameters, keptParameters);
            Restore(liveBuffers, keptBuffers);
        }
    }

    private static Dictionary<string, Tensor> SwapIn(Dictionary<string, Tensor> live, Dictionary<string, Tensor> saved, string kind)
    {
        var kept = new Dictionary<string, Tensor>();
        foreach (var (name, value) in saved)
        {
            if (!live.TryGetValue(name, out var target))
                throw new InvalidOperationException($"The model has no {kind} '{name}' any more, but the saved previous model has it; a model may gain parameters, not lose them.");
            kept[name] = target.detach().clone();
            ParameterMaps.LeadingSlice(target, value.shape).copy_(value);
        }
        return kept;
    }

    private static void Restore(Dictionary<string, Tensor> live, Dictionary<string, Tensor> kept)
    {
        foreach (var (name, value) in kept)
        {
            live[name].copy_(value);
            value.Dispose();
        }
    }

    /// <summary>Releases the tensors.</summary>
    public void Release()
    {
        ParameterMaps.Release(_parameters);
        ParameterMaps.Release(_buffers);
    }
}
