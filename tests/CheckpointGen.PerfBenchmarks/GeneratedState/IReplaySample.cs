namespace CheckpointGen.PerfBenchmarks.GeneratedState;

/// <summary>What every replay sample of these benchmarks holds, so that the sealed and unsealed samples share their set-up, hand-written format and checks.</summary>
public interface IReplaySample
{
    /// <summary>The image, 784 floats.</summary>
    float[] Pixels { get; set; }

    /// <summary>The class label.</summary>
    int Label { get; set; }

    /// <summary>The task (experience) the sample was drawn from.</summary>
    int TaskId { get; set; }
}
