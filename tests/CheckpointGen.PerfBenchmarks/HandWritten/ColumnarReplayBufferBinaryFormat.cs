using System.Runtime.InteropServices;
using CheckpointGen.PerfBenchmarks.GeneratedState;

namespace CheckpointGen.PerfBenchmarks.HandWritten;

/// <summary>The hand-written counterpart of <see cref="ColumnarReplayBuffer"/>'s checkpoint: scalars, then each column as a length and one span write.</summary>
public static class ColumnarReplayBufferBinaryFormat
{
    public static void Write(BinaryWriter writer, ColumnarReplayBuffer buffer)
    {
        writer.Write(buffer.Capacity);
        writer.Write(buffer.SeenCount);
        writer.Write(buffer.PixelsPerSample);
        WriteColumn<float>(writer, buffer.Pixels);
        WriteColumn<int>(writer, buffer.Labels);
        WriteColumn<int>(writer, buffer.TaskIds);
    }

    public static ColumnarReplayBuffer Read(BinaryReader reader) => new()
    {
        Capacity = reader.ReadInt32(),
        SeenCount = reader.ReadInt64(),
        PixelsPerSample = reader.ReadInt32(),
        Pixels = ReadColumn<float>(reader),
        Labels = ReadColumn<int>(reader),
        TaskIds = ReadColumn<int>(reader),
    };

    private static void WriteColumn<T>(BinaryWriter writer, T[] column) where T : unmanaged
    {
        writer.Write(column.Length);
        writer.Write(MemoryMarshal.AsBytes(column.AsSpan()));
    }

    private static T[] ReadColumn<T>(BinaryReader reader) where T : unmanaged
    {
        var column = new T[reader.ReadInt32()];
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(column.AsSpan()));
        return column;
    }
}
