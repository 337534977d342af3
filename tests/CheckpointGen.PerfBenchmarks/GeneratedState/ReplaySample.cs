namespace CheckpointGen.PerfBenchmarks.GeneratedState;

/// <summary>One stored training example of a rehearsal (replay) plugin: a 28×28 image, its class and the task it came from.</summary>
[Checkpointable]
public sealed partial class ReplaySample : IReplaySample
{
    /// <summary>The image, 784 floats.</summary>
    public float[] Pixels { get; set; } = [];

    /// <summary>The class label.</summary>
    public int Label { get; set; }

    /// <summary>The task (experience) the sample was drawn from.</summary>
    public int TaskId { get; set; }
}
