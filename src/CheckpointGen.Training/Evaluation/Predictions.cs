using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Evaluation;

/// <summary>Labels out of minibatch tensors: logits become their arg-max, label vectors stay as they are.</summary>
internal static class Predictions
{
    /// <summary>The predicted (or true) label of every sample: arg-max over dimension 1 when the tensor has more than one dimension.</summary>
    public static long[] Labels(Tensor values)
    {
        using var scope = NewDisposeScope();
        var labels = values.dim() > 1 ? values.argmax(1) : values;
        // One block copy (Tensor.data<T>() copies element by element).
        var cpu = labels.to_type(ScalarType.Int64).cpu().contiguous();
        return MemoryMarshal.Cast<byte, long>(cpu.bytes).ToArray();
    }

    /// <summary>How many predictions in <paramref name="output"/> match <paramref name="targets"/>, and how many samples there are.</summary>
    /// <remarks>Counted by torch with one scalar read back, not by copying both label vectors out (this runs after every training iteration).</remarks>
    public static (long Correct, long Total) Count(Tensor output, Tensor targets)
    {
        using var scope = NewDisposeScope();
        var predicted = (output.dim() > 1 ? output.argmax(1) : output).to_type(ScalarType.Int64).reshape(-1);
        var truth = (targets.dim() > 1 ? targets.argmax(1) : targets).to_type(ScalarType.Int64).reshape(-1);
        if (predicted.shape[0] != truth.shape[0])
            throw new ArgumentException($"Size mismatch: {predicted.shape[0]} predictions for {truth.shape[0]} targets.");
        long correct = predicted.eq(truth).sum().item<long>();
        return (correct, truth.shape[0]);
    }
}
