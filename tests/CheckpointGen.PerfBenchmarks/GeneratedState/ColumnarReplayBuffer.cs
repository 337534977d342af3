namespace CheckpointGen.PerfBenchmarks.GeneratedState;

/// <summary>
/// The same replay buffer stored column-wise, the layout a performance-minded author might choose:
/// all pixels in one array (sample i at [i × PixelsPerSample, (i + 1) × PixelsPerSample)), labels
/// and task ids in their own arrays. Each column is one block copy in the checkpoint.
/// </summary>
[Checkpointable]
public sealed partial class ColumnarReplayBuffer
{
    /// <summary>How many samples the buffer keeps.</summary>
    public int Capacity { get; set; }

    /// <summary>How many samples reservoir sampling has seen so far.</summary>
    public long SeenCount { get; set; }

    /// <summary>Floats per sample.</summary>
    public int PixelsPerSample { get; set; }

    /// <summary>Every sample's pixels, back to back.</summary>
    public float[] Pixels { get; set; } = [];

    /// <summary>Each sample's class label.</summary>
    public int[] Labels { get; set; } = [];

    /// <summary>Each sample's task id.</summary>
    public int[] TaskIds { get; set; } = [];

    /// <summary>The column-wise copy of <paramref name="rows"/>.</summary>
    public static ColumnarReplayBuffer From(ReplayBuffer rows)
    {
        int count = rows.Samples.Count;
        int width = count == 0 ? 0 : rows.Samples[0].Pixels.Length;
        var columns = new ColumnarReplayBuffer
        {
            Capacity = rows.Capacity,
            SeenCount = rows.SeenCount,
            PixelsPerSample = width,
            Pixels = new float[count * width],
            Labels = new int[count],
            TaskIds = new int[count],
        };
        for (int i = 0; i < count; i++)
        {
            rows.Samples[i].Pixels.CopyTo(columns.Pixels, i * width);
            columns.Labels[i] = rows.Samples[i].Label;
            columns.TaskIds[i] = rows.Samples[i].TaskId;
        }
        return columns;
    }
}
