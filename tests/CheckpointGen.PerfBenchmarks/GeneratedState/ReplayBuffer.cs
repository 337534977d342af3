namespace CheckpointGen.PerfBenchmarks.GeneratedState;

/// <summary>
/// A rehearsal plugin's buffer written the way a plugin author naturally writes it: a list of
/// sample objects (each a [Checkpointable] component) plus the reservoir-sampling counters.
/// Public properties so System.Text.Json can round-trip it with default options.
/// </summary>
[Checkpointable]
public sealed partial class ReplayBuffer
{
    /// <summary>How many samples the buffer keeps.</summary>
    public int Capacity { get; set; }

    /// <summary>How many samples reservoir sampling has seen so far.</summary>
    public long SeenCount { get; set; }

    /// <summary>The stored samples.</summary>
    public List<ReplaySample> Samples { get; set; } = [];

    /// <summary>A buffer of <paramref name="count"/> samples of <paramref name="pixelsPerSample"/> pseudo-random floats (deterministic for a seed).</summary>
    public static ReplayBuffer Create(int count, int pixelsPerSample, int seed) =>
        new() { Capacity = count, SeenCount = 6L * count + 17, Samples = CreateSamples<ReplaySample>(count, pixelsPerSample, seed) };

    /// <summary><paramref name="count"/> samples of <paramref name="pixelsPerSample"/> pseudo-random floats (deterministic for a seed).</summary>
    public static List<T> CreateSamples<T>(int count, int pixelsPerSample, int seed) where T : IReplaySample, new()
    {
        var random = new Random(seed);
        var samples = new List<T>(count);
        for (int i = 0; i < count; i++)
        {
            var pixels = new float[pixelsPerSample];
            for (int p = 0; p < pixels.Length; p++) pixels[p] = random.NextSingle();
            samples.Add(new T { Pixels = pixels, Label = random.Next(10), TaskId = i % 5 });
        }
        return samples;
    }
}
