using CheckpointGen.Reading;
using CheckpointGen.Writing;
using TorchSharp;

namespace CheckpointGen.Tests.Storage;

/// <summary>A hand-written checkpoint root (the source generator is not there yet): a step counter and a weight tensor.</summary>
internal sealed class TrainingStateRoot : ICheckpointable, IDisposable
{
    public long Step { get; set; }

    public TrainingStateRoot(long weights = 256) => Weights = torch.zeros(weights);

    public torch.Tensor Weights { get; }

    /// <summary>How many times a checkpoint was read into this object, to prove a rejected file never touched it.</summary>
    public int RestoreCount { get; private set; }

    /// <summary>A root at <paramref name="step"/> whose weights (all equal to the step) take 4 × <paramref name="weights"/> bytes.</summary>
    public static TrainingStateRoot AtStep(long step, long weights = 256)
    {
        var root = new TrainingStateRoot(weights) { Step = step };
        using Scalar value = step;
        root.Weights.fill_(value);
        return root;
    }

    public float FirstWeight => Weights[0].item<float>();

    public void WriteCheckpoint(CheckpointWriter writer)
    {
        writer.BeginMember("step");
        writer.WriteInt64(Step);
        writer.EndMember();
        writer.BeginMember("weights");
        writer.WriteTensor(Weights);
        writer.EndMember();
    }

    public void ReadCheckpoint(CheckpointReader reader)
    {
        RestoreCount++;
        if (reader.TryBeginMember("step"))
        {
            Step = reader.ReadInt64();
            reader.EndMember();
        }
        if (reader.TryBeginMember("weights"))
        {
            reader.ReadTensorInto(Weights, "weights");
            reader.EndMember();
        }
    }

    public void Dispose() => Weights.Dispose();
}
