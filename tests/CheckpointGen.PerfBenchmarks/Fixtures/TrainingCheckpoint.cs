using CheckpointGen.Reading;
using CheckpointGen.Writing;
using TorchSharp;

namespace CheckpointGen.PerfBenchmarks.Fixtures;

/// <summary>
/// The checkpoint root: a model and its optimizer state, written as two components (what a
/// [Checkpointable] training loop would generate for two fields).
/// </summary>
/// <param name="model">The network; restored in place by CheckpointGen's module codec.</param>
/// <param name="optimizer">The TorchSharp optimizer (its momentum buffers go to the tensor region through the optimizer codec).</param>
public sealed class TrainingCheckpoint(torch.nn.Module model, object optimizer) : ICheckpointable
{
    public void WriteCheckpoint(CheckpointWriter w)
    {
        w.BeginMember("model");
        w.WriteObject(model);
        w.EndMember();
        w.BeginMember("optimizer");
        w.WriteObject(optimizer);
        w.EndMember();
    }

    public void ReadCheckpoint(CheckpointReader r)
    {
        if (!r.TryBeginMember("model")) throw new CheckpointMismatchException("The checkpoint has no 'model'.");
        r.ReadObject(model);
        r.EndMember();
        if (!r.TryBeginMember("optimizer")) throw new CheckpointMismatchException("The checkpoint has no 'optimizer'.");
        r.ReadObject(optimizer);
        r.EndMember();
    }
}
