using CheckpointGen.Reading;
using CheckpointGen.Writing;
using TorchSharp;

namespace CheckpointGen.Torch;

/// <summary>
/// A <see cref="torch.Generator"/>: its state tensor, validated before it is applied (TorchSharp
/// aborts the whole process on a state of the wrong dtype or length, so that must never reach it).
/// </summary>
internal sealed class GeneratorCodec : IObjectCodec
{
    private const string StateKey = "state";

    public bool CanHandle(object value) => value is torch.Generator;

    public void Write(CheckpointWriter writer, object value)
    {
        var generator = (torch.Generator)value;
        writer.BeginMember(StateKey);
        writer.WriteOwnedTensor(generator.get_state());
        writer.EndMember();
    }

    public void Read(CheckpointReader reader, object target)
    {
        var generator = (torch.Generator)target;
        if (!reader.TryBeginMember(StateKey)) return;
        using var current = generator.get_state();
        using var saved = reader.ReadTensor(null, onCpu: true, out _)
            ?? throw new CheckpointMismatchException($"Checkpoint {reader.CurrentTypeName}.{StateKey}: the generator state is null.");
        RngStateValidation.Check(saved, current, "torch.Generator state");
        generator.set_state(saved);
        reader.EndMember();
    }
}

/// <summary>Checks an RNG state tensor against a known-good one before TorchSharp sees it.</summary>
internal static class RngStateValidation
{
    public static void Check(torch.Tensor saved, torch.Tensor reference, string what)
    {
        if (saved.dtype != torch.ScalarType.Byte || saved.dim() != 1 || saved.shape[0] != reference.shape[0])
            throw new CheckpointMismatchException(
                $"The saved {what} is a {saved.dtype} tensor of shape [{string.Join(", ", saved.shape)}]; this libtorch expects Byte [{reference.shape[0]}]. It was written by an incompatible libtorch or is damaged.");
    }
}
