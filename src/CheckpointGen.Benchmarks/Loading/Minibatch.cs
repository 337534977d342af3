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
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(extra);
        var positions = new int[data.Count + extra.Count];
        data.Positions.ToArray().CopyTo(positions, 0);
        positions.AsSpan(data.Count).Fill(-1);
        return new Minibatch(
            torch.cat([data.Inputs, extra.Inputs], 0),
            torch.cat([data.Targets, extra.Targets], 0),
            torch.cat([data.TaskLabels, extra.TaskLabels], 0),
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
