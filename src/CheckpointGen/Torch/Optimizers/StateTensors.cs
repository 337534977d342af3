using static TorchSharp.torch;

using CheckpointGen.Reading;

namespace CheckpointGen.Torch.Optimizers;

/// <summary>Restores one tensor of an optimizer's per-parameter state.</summary>
internal static class StateTensors
{
    /// <summary>
    /// Restores <paramref name="field"/> from the open member. Every state tensor of TorchSharp's
    /// managed optimizers is shaped like its parameter, so the saved one must have the parameter's
    /// dtype and shape. A tensor present in the optimizer is overwritten in place; one created
    /// lazily (SGD's momentum buffer is null before the first step) is created here when the
    /// checkpoint has it, and dropped when the checkpoint has null.
    /// </summary>
    public static void Read(CheckpointReader reader, ref Tensor? field, Tensor parameter, string what)
    {
        var restored = reader.ReadTensor(field);
        if (restored is null)
        {
            field?.Dispose();
            field = null;
            return;
        }
        if (ReferenceEquals(restored, field)) return;
        if (restored.dtype != parameter.dtype || !restored.shape.SequenceEqual(parameter.shape))
        {
            string saved = $"{restored.dtype} [{string.Join(", ", restored.shape)}]";
            restored.Dispose();
            throw new CheckpointMismatchException(
                $"Checkpoint optimizer state {what}: saved a {saved} tensor, but its parameter is {parameter.dtype} [{string.Join(", ", parameter.shape)}]; " +
                "the optimizer was built over other parameters than the one saved.");
        }
        // A state tensor the optimizer had on another device (the checkpoint was mapped elsewhere) is replaced.
        field?.Dispose();
        // The optimizer owns the tensor from now on: a dispose scope open around the restore must not free it.
        if (restored.requires_grad) restored.requires_grad_(false);
        field = restored.DetachFromDisposeScope();
    }
}
