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

    /// <summary>Releases the tensors.</summary>
    public void Dispose()
    {
        Inputs.Dispose();
        Targets.Dispose();
        TaskLabels.Dispose();
    }
}
