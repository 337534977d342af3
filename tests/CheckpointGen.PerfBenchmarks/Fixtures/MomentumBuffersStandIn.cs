using TorchSharp;

namespace CheckpointGen.PerfBenchmarks.Fixtures;

/// <summary>
/// Stands in for the SGD optimizer in the checkpoint until CheckpointGen's optimizer codec lands
/// (it throws NotSupportedException today): it writes the optimizer's momentum buffers as plain
/// tensors and restores them in place, which is the bulk of the bytes the real codec will move.
/// Delete this class once <see cref="TrainingCheckpoint"/> is given the optimizer itself.
/// </summary>
public sealed class MomentumBuffersStandIn(IReadOnlyList<torch.Tensor> buffers) : ICheckpointable
{
    private const string Key = "momentum_buffers";

    public void WriteCheckpoint(CheckpointWriter w)
    {
        w.BeginMember(Key);
        w.BeginSequence(buffers.Count);
        foreach (var buffer in buffers) w.WriteTensor(buffer);
        w.EndMember();
    }

    public void ReadCheckpoint(CheckpointReader r)
    {
        if (!r.TryBeginMember(Key)) throw new CheckpointMismatchException($"The checkpoint has no '{Key}'.");
        int count = r.BeginSequence();
        if (count != buffers.Count)
            throw new CheckpointMismatchException($"The checkpoint has {count} momentum buffers; the optimizer has {buffers.Count}.");
        for (int i = 0; i < count; i++) r.ReadTensorInto(buffers[i], $"momentum buffer {i}");
        r.EndMember();
    }
}
