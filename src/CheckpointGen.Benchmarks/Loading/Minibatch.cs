using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Benchmarks.Loading;

/// <summary>One minibatch: normalised inputs, targets and task labels on the loader's device. Dispose it when done.</summary>
public sealed class Minibatch : IDisposable
{
    internal Minibatch(Tensor inputs, Tensor targets, Tensor taskLabels, int[] positions, int epoch, int batchIndex)
    {
        Inputs = inputs;
        Targets = targets;
        TaskLabels = taskLabels;
        Positions = positions;
        Epoch = epoch;
        BatchIndex = batchIndex;
    }

    /// <summary>Inputs <c>[B, ...sample shape]</c>, float32, normalised.</summary>
    public Tensor Inputs { get; }

    /// <summary>Targets <c>[B]</c>, int64 (labels as the model sees them).</summary>
    public Tensor Targets { get; }

    /// <summary>Task labels <c>[B]</c>, int64.</summary>
    public Tensor TaskLabels { get; }

    /// <summary>Positions of the samples in the loader's dataset view (for replay buffers and debugging).</summary>
    public IReadOnlyList<int> Positions { get; }

    /// <summary>The epoch this batch belongs to (from 0).</summary>
    public int Epoch { get; }

    /// <summary>The batch's index within its epoch (from 0).</summary>
    public int BatchIndex { get; }

    /// <summary>Number of samples.</summary>
    public int Count => Positions.Count;

    /// <summary>
    /// One batch made of <paramref name="data"/> followed by <paramref name="extra"/> (replay's memory
    /// samples). Positions of the extra samples are -1: they are not in the data batch's dataset view.
    /// Epoch and batch index are the data batch's. The two batches stay owned by the caller.
    /// </summary>
    public static Minibatch Concat(Minibatch data, Minibatch extra)
    {
        ArgumentNullException.ThrowIfNull(extra);
        return Concat(data, extra.Inputs, extra.Targets, extra.TaskLabels);
    }

    /// <summary>
    /// One batch made of <paramref name="data"/> followed by samples given as tensors (a memory kept as
    /// tensors rather than dataset indices, as GSS keeps it); see <see cref="Concat(Minibatch, Minibatch)"/>.
    /// The tensors stay owned by the caller and must be on the data batch's device.
    /// </summary>
    public static Minibatch Concat(Minibatch data, Tensor extraInputs, Tensor extraTargets, Tensor extraTaskLabels)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(extraInputs);
        ArgumentNullException.ThrowIfNull(extraTargets);
        ArgumentNullException.ThrowIfNull(extraTaskLabels);
        long extra = extraInputs.shape[0];
        if (extraTargets.shape[0] != extra || extraTaskLabels.shape[0] != extra)
            throw new ArgumentException($"The extra samples have {extra} inputs, {extraTargets.shape[0]} targets and {extraTaskLabels.shape[0]} task labels.");
        if (!extraInputs.shape[1..].SequenceEqual(data.Inputs.shape[1..]))
            throw new ArgumentException($"The extra inputs have samples of shape [{string.Join(", ", extraInputs.shape[1..])}], the data [{string.Join(", ", data.Inputs.shape[1..])}].", nameof(extraInputs));
        var positions = new int[data.Count + extra];
        data.Positions.ToArray().CopyTo(positions, 0);
        positions.AsSpan(data.Count).Fill(-1);
        return new Minibatch(
            torch.cat([data.Inputs, extraInputs], 0),
            torch.cat([data.Targets, extraTargets], 0),
            torch.cat([data.TaskLabels, extraTaskLabels], 0),
            positions, data.Epoch, data.BatchIndex);
    }

    /// <summary>Releases the tensors.</summary>
    public void Dispose()
    {
        Inputs.Dispose();
        Targets.Dispose();
        TaskLabels.Dispose();
    }
}
