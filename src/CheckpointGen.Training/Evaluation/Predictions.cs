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
        return labels.to_type(ScalarType.Int64).cpu().data<long>().ToArray();
    }

    /// <summary>How many predictions in <paramref name="output"/> match <paramref name="targets"/>, and how many samples there are.</summary>
    public static (long Correct, long Total) Count(Tensor output, Tensor targets)
    {
        var predicted = Labels(output);
        var truth = Labels(targets);
        if (predicted.Length != truth.Length)
            throw new ArgumentException($"Size mismatch: {predicted.Length} predictions for {truth.Length} targets.");
        long correct = 0;
        for (int i = 0; i < truth.Length; i++) if (predicted[i] == truth[i]) correct++;
        return (correct, truth.Length);
    }
}
