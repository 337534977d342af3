namespace CheckpointGen.PerfBenchmarks.GeneratedState;

/// <summary>
/// <see cref="ReplaySample"/> as an author writes it who did not think of sealing it: a class other
/// classes could derive from, so a list of it may hold objects of several types.
/// </summary>
[Checkpointable]
public partial class OpenReplaySample : IReplaySample
{
    /// <summary>The image, 784 floats.</summary>
    public float[] Pixels { get; set; } = [];

    /// <summary>The class label.</summary>
    public int Label { get; set; }

    /// <summary>The task (experience) the sample was drawn from.</summary>
    public int TaskId { get; set; }
}
