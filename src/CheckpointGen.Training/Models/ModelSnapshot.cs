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
    /// gradients: the copy's values and training flag are put into the live model and the live ones put
    /// back afterwards, bit for bit. Buffers the pass updated (batch-norm statistics in training mode) are
    /// kept in the copy, as they would be in a separate model. Call it only while no autograd graph of the
    /// live model is pending (before the minibatch's forward pass): the swap changes the parameters in place.
    /// </summary>
    /// <remarks>
    /// A tensor of the same shape, layout, type and device as its live counterpart is swapped by pointing
    /// the live tensor at the copy's storage (<c>set_</c>) and back: no data moves, so running the copy costs
    /// what running a separate model costs (Avalanche keeps a deep copy). A parameter that grew since the
    /// snapshot gets the copy's values written into its leading slice, and its live values written back after.
    /// </remarks>
    public T Run<T>(nn.Module live, Func<T> forward)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(forward);
        using var noGrad = no_grad();
        bool liveTraining = live.training;
        var swaps = new List<Swap>(_parameters.Count + _buffers.Count);
        try
        {
            SwapIn(live.named_parameters().Select(p => (p.name, (Tensor)p.parameter)), _parameters, "parameter", keepUpdates: false, swaps);
            SwapIn(live.named_buffers(), _buffers, "buffer", keepUpdates: true, swaps);
            live.train(_training);
            return forward();
        }
        finally
        {
            live.train(liveTraining);
            for (int i = swaps.Count - 1; i >= 0; i--) swaps[i].Undo();
        }
    }

    private static void SwapIn(IEnumerable<(string name, Tensor value)> live, Dictionary<string, Tensor> saved, string kind, bool keepUpdates, List<Swap> swaps)
    {
        var byName = new Dictionary<string, Tensor>();
        foreach (var (name, value) in live) byName[name] = value;
        foreach (var (name, value) in saved)
        {
            if (!byName.TryGetValue(name, out var target))
                throw new InvalidOperationException($"The model has no {kind} '{name}' any more, but the saved previous model has it; a model may gain parameters, not lose them.");
            swaps.Add(Swap.In(target, value, keepUpdates));
        }
    }

    /// <summary>One live tensor running with a saved value, and how to put its own value back.</summary>
    private readonly struct Swap
    {
        private readonly Tensor _live;
        private readonly Tensor _saved;
        private readonly Tensor _kept;
        private readonly bool _shared;
        private readonly bool _keepUpdates;

        private Swap(Tensor live, Tensor saved, Tensor kept, bool shared, bool keepUpdates) =>
            (_live, _saved, _kept, _shared, _keepUpdates) = (live, saved, kept, shared, keepUpdates);

        /// <summary>Puts <paramref name="saved"/> into <paramref name="live"/>: its storage when the two match, else its values in the leading slice.</summary>
        public static Swap In(Tensor live, Tensor saved, bool keepUpdates)
        {
            if (SameLayout(live, saved))
            {
                // The live storage stays reachable through an alias; the live tensor is pointed at the saved storage.
                var alias = live.detach();
                PointAt(live, saved);
                return new Swap(live, saved, alias, shared: true, keepUpdates);
            }
            var kept = live.detach().clone();
            using var slice = ParameterMaps.LeadingSlice(live, saved.shape);
            slice.copy_(saved);
            return new Swap(live, saved, kept, shared: false, keepUpdates);
        }

        /// <summary>Gives <c>live</c> its own value back (after copying the slice's updates into the saved value, for buffers).</summary>
        public void Undo()
        {
            if (_shared)
            {
                PointAt(_live, _kept);
            }
            else
            {
                if (_keepUpdates)
                    using (var slice = ParameterMaps.LeadingSlice(_live, _saved.shape)) _saved.copy_(slice);
                _live.copy_(_kept);
            }
            _kept.Dispose();
        }

        /// <summary><c>tensor.set_(storage)</c>; TorchSharp returns the tensor itself or a second handle to it, which is released.</summary>
        private static void PointAt(Tensor tensor, Tensor storage)
        {
            var result = tensor.set_(storage);
            if (!ReferenceEquals(result, tensor)) result.Dispose();
        }

        private static bool SameLayout(Tensor live, Tensor saved) =>
            live.dtype == saved.dtype && live.device_type == saved.device_type && live.device_index == saved.device_index
            && live.shape.AsSpan().SequenceEqual(saved.shape) && live.stride().AsSpan().SequenceEqual(saved.stride());
    }

    /// <summary>Releases the tensors.</summary>
    public void Release()
    {
        ParameterMaps.Release(_parameters);
        ParameterMaps.Release(_buffers);
    }
}
