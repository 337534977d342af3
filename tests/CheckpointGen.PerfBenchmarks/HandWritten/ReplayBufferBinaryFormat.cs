using System.Runtime.InteropServices;
using CheckpointGen.PerfBenchmarks.GeneratedState;

namespace CheckpointGen.PerfBenchmarks.HandWritten;

/// <summary>
/// What a careful engineer writes by hand for <see cref="ReplayBuffer"/> and <see cref="OpenReplayBuffer"/>:
/// counts and values in a fixed order, each sample's floats as one span write. No keys, no versioning, no checksums.
/// </summary>
public static class ReplayBufferBinaryFormat
{
    public static void Write(BinaryWriter writer, ReplayBuffer buffer)
    {
        writer.Write(buffer.Capacity);
        writer.Write(buffer.SeenCount);
        WriteSamples(writer, buffer.Samples);
    }

    public static ReplayBuffer Read(BinaryReader reader) =>
        new() { Capacity = reader.ReadInt32(), SeenCount = reader.ReadInt64(), Samples = ReadSamples<ReplaySample>(reader) };

    public static void Write(BinaryWriter writer, OpenReplayBuffer buffer)
    {
        writer.Write(buffer.Capacity);
        writer.Write(buffer.SeenCount);
        WriteSamples(writer, buffer.Samples);
    }

    public static OpenReplayBuffer ReadOpen(BinaryReader reader) =>
        new() { Capacity = reader.ReadInt32(), SeenCount = reader.ReadInt64(), Samples = ReadSamples<OpenReplaySample>(reader) };

    private static void WriteSamples<T>(BinaryWriter writer, List<T> samples) where T : IReplaySample
    {
        writer.Write(samples.Count);
        foreach (var sample in samples)
        {
            writer.Write(sample.Label);
            writer.Write(sample.TaskId);
            writer.Write(sample.Pixels.Length);
            writer.Write(MemoryMarshal.AsBytes(sample.Pixels.AsSpan()));
        }
    }

    private static List<T> ReadSamples<T>(BinaryReader reader) where T : IReplaySample, new()
    {
        int count = reader.ReadInt32();
        var samples = new List<T>(count);
        for (int i = 0; i < count; i++)
        {
            var sample = new T { Label = reader.ReadInt32(), TaskId = reader.ReadInt32() };
            sample.Pixels = new float[reader.ReadInt32()];
            reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(sample.Pixels.AsSpan()));
            samples.Add(sample);
        }
        return samples;
    }
}
