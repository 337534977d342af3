using CheckpointGen.Reading;
using CheckpointGen.Writing;

namespace CheckpointGen.ObjectStorage.Probe;

/// <summary>A checkpoint root of a chosen size: a step and pseudo-random bytes derived from it (stored as a block, streamed straight to the upload).</summary>
public sealed class ByteState : ICheckpointable
{
    public long Step { get; set; }

    public byte[] Bytes { get; set; } = [];

    public static ByteState At(long step, int size)
    {
        var bytes = new byte[size];
        new Random((int)step).NextBytes(bytes);
        return new ByteState { Step = step, Bytes = bytes };
    }

    public void WriteCheckpoint(CheckpointWriter writer)
    {
        writer.BeginMember("step");
        writer.WriteInt64(Step);
        writer.EndMember();
        writer.BeginMember("bytes");
        writer.WritePrimitiveArray(Bytes);
        writer.EndMember();
    }

    public void ReadCheckpoint(CheckpointReader reader)
    {
        if (reader.TryBeginMember("step"))
        {
            Step = reader.ReadInt64();
            reader.EndMember();
        }
        if (reader.TryBeginMember("bytes"))
        {
            Bytes = reader.ReadPrimitiveArray(Bytes);
            reader.EndMember();
        }
    }
}
