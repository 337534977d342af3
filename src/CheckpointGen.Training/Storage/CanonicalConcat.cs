using CheckpointGen.Benchmarks.Data;

namespace CheckpointGen.Training.Storage;

/// <summary>
/// Concatenates views merging parts with equal content (same source, input map, class map and task
/// label), where <see cref="DatasetView.Concat"/> merges only the same part objects.
/// </summary>
/// <remarks>
/// Selections restored from a checkpoint rebuild their parts as new objects, so two groups of a
/// buffer that shared a part before the checkpoint no longer do after it: a plain concatenation would
/// then have more parts, another fingerprint, and a resumed loader would refuse it. Merging by
/// content gives the same view in both runs.
/// </remarks>
internal static class CanonicalConcat
{
    public static DatasetView? Of(IReadOnlyList<DatasetView> views, string name)
    {
        if (views.Count == 0) return null;
        var parts = new List<DatasetPart>();
        var ids = new Dictionary<string, int>();
        int total = views.Sum(v => v.Count);
        var partOf = new int[total];
        var sourceIndices = new int[total];
        int offset = 0;
        foreach (var view in views)
        {
            var remap = view.Parts.Select(part =>
            {
                string key = KeyOf(part);
                if (!ids.TryGetValue(key, out int id)) { id = parts.Count; parts.Add(part); ids[key] = id; }
                return id;
            }).ToArray();
            for (int i = 0; i < view.Count; i++)
            {
                partOf[offset + i] = remap[view.PartIndexAt(i)];
                sourceIndices[offset + i] = view.SourceIndexAt(i);
            }
            offset += view.Count;
        }
        return DatasetView.FromParts(name, parts, partOf, sourceIndices);
    }

    private static string KeyOf(DatasetPart part) =>
        $"{part.Source.Fingerprint}|{part.Pixels?.Hash ?? 0}|{(part.ClassMap is null ? "-" : string.Join(",", part.ClassMap))}|{part.TaskLabel}";
}
