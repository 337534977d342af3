using System.Runtime.InteropServices;
using CheckpointGen.PerfBenchmarks.GeneratedState;

namespace CheckpointGen.PerfBenchmarks.HandWritten;

/// <summary>
/// What a careful engineer writes by hand for <see cref="ReplayBuffer"/>: counts and values in a
/// fixed order, each sample's floats as one span write. No keys, no versioning, no checksums.
/// </summary>
public static class ReplayBufferBinaryFormat
{
    public static void Write(BinaryWriter writer, ReplayBuffer buffer)
    {
        writer.Write(buffer.Capacity);
        writer.Write(buffer.SeenCount);
        writer.Write(buffer.Samples.Count);
        foreach (var sample in buffer.Samples)
        {
            writer.Write(sample.Label);
            writer.Write(sample.TaskId);
            writer.Write(sample.Pixels.Length);
            writer.Write(MemoryMarshal.AsBytes(sample.Pixels.AsSpan()));
        }
    }

    public static ReplayBuffer Read(BinaryReader reader)
    {
        var buffer = new ReplayBuffer { Capacity = reader.ReadInt32(), SeenCount = reader.ReadInt64() };
        int count = reader.ReadInt32();
        buffer.Samples = new List<ReplaySample>(count);
        for (int i = 0; i < count; i++)
        {
            var sample = new ReplaySample { Label = reader.ReadInt32(), TaskId = reader.ReadInt32() };
            sample.Pixels = new float[reader.ReadInt32()];
            reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(sample.Pixels.AsSpan()));
            buffer.Samples.Add(sample);
        }
        return buffer;
    }
}
