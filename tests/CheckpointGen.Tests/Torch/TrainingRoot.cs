using CheckpointGen.Reading;
using CheckpointGen.Writing;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.optim.lr_scheduler;

namespace CheckpointGen.Tests.Torch;

/// <summary>
/// What a training program checkpoints, written by hand as the source generator will write it:
/// the model, optimizer and scheduler as components, and the CPU RNG state (dropout draws from it).
/// </summary>
internal sealed class TrainingRoot : ICheckpointable
{
    public nn.Module? Model { get; set; }

    public optim.Optimizer? Optimizer { get; set; }

    public LRScheduler? Scheduler { get; set; }

    public void WriteCheckpoint(CheckpointWriter writer)
    {
        writer.BeginMember("model");
        writer.WriteObject(Model);
        writer.EndMember();
        writer.BeginMember("optimizer");
        writer.WriteObject(Optimizer);
        writer.EndMember();
        writer.BeginMember("scheduler");
        writer.WriteObject(Scheduler);
        writer.EndMember();
        writer.BeginMember("torch_rng");
        using (var state = torch.get_rng_state()) writer.WritePrimitiveArray<byte>(state.bytes);
        writer.EndMember();
    }

    public void ReadCheckpoint(CheckpointReader reader)
    {
        if (reader.TryBeginMember("model")) { Model = reader.ReadObject(Model); reader.EndMember(); }
        if (reader.TryBeginMember("optimizer")) { Optimizer = reader.ReadObject(Optimizer); reader.EndMember(); }
        if (reader.TryBeginMember("scheduler")) { Scheduler = reader.ReadObject(Scheduler); reader.EndMember(); }
        if (reader.TryBeginMember("torch_rng"))
        {
            var saved = reader.ReadPrimitiveSpan<byte>();
            using var state = torch.get_rng_state();
            // A state of the wrong length aborts the process inside libtorch: check it first.
            if (saved.Length != state.bytes.Length) throw new CheckpointMismatchException($"torch RNG state of {saved.Length} bytes, expected {state.bytes.Length}.");
            saved.CopyTo(state.bytes);
            torch.set_rng_state(state);
            reader.EndMember();
        }
    }
}
