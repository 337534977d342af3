namespace CheckpointGen.PerfBenchmarks.GeneratedState;

/// <summary><see cref="ReplayBuffer"/> holding <see cref="OpenReplaySample"/>s: a list of a class that is not sealed.</summary>
[Checkpointable]
public sealed partial class OpenReplayBuffer
{
    /// <summary>How many samples the buffer keeps.</summary>
    public int Capacity { get; set; }

    /// <summary>How many samples reservoir sampling has seen so far.</summary>
    public long SeenCount { get; set; }

    /// <summary>The stored samples.</summary>
    public List<OpenReplaySample> Samples { get; set; } = [];

    /// <summary>A buffer of <paramref name="count"/> samples (deterministic for a seed).</summary>
    public static OpenReplayBuffer Create(int count, int pixelsPerSample, int seed) =>
        new() { Capacity = count, SeenCount = 6L * count + 17, Samples = ReplayBuffer.CreateSamples<OpenReplaySample>(count, pixelsPerSample, seed) };
}
