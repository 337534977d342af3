using CheckpointGen.PerfBenchmarks.GeneratedState;

namespace CheckpointGen.PerfBenchmarks.HandWritten;

/// <summary>The hand-written counterpart of <see cref="SampleStatistics"/>' checkpoint: each dictionary as a count, then key and fields of each entry.</summary>
public static class SampleStatisticsBinaryFormat
{
    public static void Write(BinaryWriter writer, SampleStatistics statistics)
    {
        writer.Write(statistics.Stats.Count);
        foreach (var (index, stats) in statistics.Stats)
        {
            writer.Write(index);
            Write(writer, stats);
        }
        writer.Write(statistics.Records.Count);
        foreach (var (index, record) in statistics.Records)
        {
            writer.Write(index);
            Write(writer, new SampleStats(record.Seen, record.Forgotten, record.LossSum, record.LastStep));
        }
    }

    public static SampleStatistics Read(BinaryReader reader)
    {
        int count = reader.ReadInt32();
        var stats = new Dictionary<int, SampleStats>(count);
        for (int i = 0; i < count; i++) stats.Add(reader.ReadInt32(), ReadStats(reader));
        count = reader.ReadInt32();
        var records = new Dictionary<int, SampleRecord>(count);
        for (int i = 0; i < count; i++)
        {
            int index = reader.ReadInt32();
            var (seen, forgotten, lossSum, lastStep) = ReadStats(reader);
            records.Add(index, new SampleRecord { Seen = seen, Forgotten = forgotten, LossSum = lossSum, LastStep = lastStep });
        }
        return new SampleStatistics { Stats = stats, Records = records };
    }

    private static void Write(BinaryWriter writer, SampleStats stats)
    {
        writer.Write(stats.Seen);
        writer.Write(stats.Forgotten);
        writer.Write(stats.LossSum);
        writer.Write(stats.LastStep);
    }

    private static SampleStats ReadStats(BinaryReader reader) => new(reader.ReadInt32(), reader.ReadInt32(), reader.ReadDouble(), reader.ReadInt64());
}
