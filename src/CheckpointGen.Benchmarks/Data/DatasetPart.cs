namespace CheckpointGen.Benchmarks.Data;

/// <summary>
/// A source dataset together with what a view does to its samples: an optional input transform
/// (<see cref="PixelMap"/>), an optional relabelling, and the task label its samples carry.
/// </summary>
/// <param name="Source">The tensors the samples come from.</param>
/// <param name="Pixels">Input transform applied to every sample, or null.</param>
/// <param name="ClassMap">Original label → label seen by the model (indexed by original label), or null for identity.</param>
/// <param name="TaskLabel">Task label of every sample from this part.</param>
public sealed record DatasetPart(TensorDataset Source, PixelMap? Pixels = null, int[]? ClassMap = null, int TaskLabel = 0)
{
    /// <summary>The label the model sees for a sample whose stored label is <paramref name="original"/>.</summary>
    public int MapLabel(int original)
    {
        if (ClassMap is null) return original;
        int mapped = original < ClassMap.Length ? ClassMap[original] : -1;
        if (mapped < 0) throw new InvalidOperationException($"Class {original} of {Source.Name} has no mapping in this view.");
        return mapped;
    }

    /// <summary>This part with labels relabelled by <paramref name="map"/> after the current map.</summary>
    public DatasetPart ThenMap(IReadOnlyList<int> map)
    {
        int n = Source.Classes.Count == 0 ? 0 : Source.Classes[^1] + 1;
        var composed = new int[n];
        for (int c = 0; c < n; c++)
        {
            int current = ClassMap is null ? c : c < ClassMap.Length ? ClassMap[c] : -1;
            composed[c] = current >= 0 && current < map.Count ? map[current] : -1;
        }
        return this with { ClassMap = composed };
    }
}
