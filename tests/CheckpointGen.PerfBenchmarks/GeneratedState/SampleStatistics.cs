namespace CheckpointGen.PerfBenchmarks.GeneratedState;

/// <summary>What a strategy tracks about one training example (forgetting events, loss history).</summary>
[Checkpointable]
public partial record struct SampleStats(int Seen, int Forgotten, double LossSum, long LastStep);

/// <summary>One training example's record, as a class: the same data as <see cref="SampleStats"/>.</summary>
[Checkpointable]
public sealed partial class SampleRecord
{
    /// <summary>How often the example was trained on.</summary>
    public int Seen { get; set; }

    /// <summary>How often it went from learned to forgotten.</summary>
    public int Forgotten { get; set; }

    /// <summary>The sum of its losses.</summary>
    public double LossSum { get; set; }

    /// <summary>The last step it was seen at.</summary>
    public long LastStep { get; set; }
}

/// <summary>Per-example statistics keyed by dataset index: a dictionary of structs and one of sealed [Checkpointable] objects.</summary>
[Checkpointable]
public sealed partial class SampleStatistics
{
    /// <summary>Dataset index → statistics (struct values).</summary>
    public Dictionary<int, SampleStats> Stats { get; set; } = [];

    /// <summary>Dataset index → record (object values).</summary>
    public Dictionary<int, SampleRecord> Records { get; set; } = [];

    /// <summary>Statistics of <paramref name="count"/> examples in <see cref="Stats"/> (<paramref name="asObjects"/>: in <see cref="Records"/>), deterministic for a seed.</summary>
    public static SampleStatistics Create(int count, int seed, bool asObjects)
    {
        var random = new Random(seed);
        var statistics = new SampleStatistics();
        for (int i = 0; i < count; i++)
        {
            int index = i * 7 + random.Next(7);
            var stats = new SampleStats(random.Next(100), random.Next(10), random.NextDouble() * 50, random.NextInt64(1_000_000));
            if (asObjects) statistics.Records.Add(index, new SampleRecord { Seen = stats.Seen, Forgotten = stats.Forgotten, LossSum = stats.LossSum, LastStep = stats.LastStep });
            else statistics.Stats.Add(index, stats);
        }
        return statistics;
    }
}
