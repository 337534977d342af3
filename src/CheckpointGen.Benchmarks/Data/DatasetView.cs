using System.IO.Hashing;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Benchmarks.Data;

/// <summary>
/// An ordered selection of samples from one or more <see cref="DatasetPart"/>s: for each position,
/// which part and which source index. Subsets and concatenations build new index arrays and never
/// copy inputs; the loader gathers the selected samples from the source tensors batch by batch.
/// </summary>
public sealed class DatasetView : IIndexedDataset
{
    private readonly DatasetPart[] _parts;
    private readonly int[]? _partOf;      // null: every sample comes from part 0
    private readonly int[] _sourceIndex;
    private int[]? _targets;
    private DatasetFingerprint? _fingerprint;
    private IReadOnlyList<int>? _classes;

    private DatasetView(string name, DatasetPart[] parts, int[]? partOf, int[] sourceIndex)
    {
        Name = name;
        _parts = parts;
        _partOf = partOf;
        _sourceIndex = sourceIndex;
    }

    /// <summary>All samples of <paramref name="source"/>, in order.</summary>
    public static DatasetView Of(TensorDataset source) =>
        new(source.Name, [new DatasetPart(source)], null, Enumerable.Range(0, source.Count).ToArray());

    /// <summary>The samples <paramref name="sourceIndices"/> of <paramref name="part"/>'s source.</summary>
    public static DatasetView Of(DatasetPart part, ReadOnlySpan<int> sourceIndices, string? name = null)
    {
        foreach (int i in sourceIndices)
            if ((uint)i >= (uint)part.Source.Count)
                throw new ArgumentOutOfRangeException(nameof(sourceIndices), i, $"Index outside {part.Source.Name} ({part.Source.Count} samples).");
        return new(name ?? part.Source.Name, [part], null, sourceIndices.ToArray());
    }

    /// <summary>Name used in fingerprints and messages.</summary>
    public string Name { get; }

    /// <inheritdoc/>
    public int Count => _sourceIndex.Length;

    /// <summary>The parts the samples come from.</summary>
    public IReadOnlyList<DatasetPart> Parts => _parts;

    /// <summary>The split name (of the first part's source).</summary>
    public string Split => _parts[0].Source.Split;

    /// <summary>Index of the part that sample <paramref name="position"/> comes from.</summary>
    public int PartIndexAt(int position) => _partOf is null ? CheckedPosition(position) * 0 : _partOf[position];

    /// <summary>The part that sample <paramref name="position"/> comes from.</summary>
    public DatasetPart PartAt(int position) => _parts[PartIndexAt(position)];

    /// <summary>Index in its source dataset of sample <paramref name="position"/>.</summary>
    public int SourceIndexAt(int position) => _sourceIndex[position];

    /// <summary>Source indices of all samples (read-only).</summary>
    public ReadOnlySpan<int> SourceIndices => _sourceIndex;

    /// <summary>The labels the model sees, per sample (after the parts' class maps).</summary>
    public ReadOnlySpan<int> Targets => _targets ??= ComputeTargets();

    /// <summary>The distinct labels the model sees, ascending.</summary>
    public IReadOnlyList<int> Classes => _classes ??= Targets.ToArray().Distinct().Order().ToArray();

    /// <summary>Task label of sample <paramref name="position"/>.</summary>
    public int TaskLabelAt(int position) => PartAt(position).TaskLabel;

    /// <summary>Samples <paramref name="positions"/> of this view, in that order.</summary>
    public DatasetView Subset(ReadOnlySpan<int> positions, string? name = null)
    {
        var sourceIndex = new int[positions.Length];
        int[]? partOf = _partOf is null ? null : new int[positions.Length];
        for (int i = 0; i < positions.Length; i++)
        {
            int p = positions[i];
            if ((uint)p >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(positions), p, $"Position outside view {Name} ({Count} samples).");
            sourceIndex[i] = _sourceIndex[p];
            if (partOf is not null) partOf[i] = _partOf![p];
        }
        return new DatasetView(name ?? Name, _parts, partOf, sourceIndex);
    }

    /// <summary>This view with every part replaced by <paramref name="change"/>(part) (same samples).</summary>
    public DatasetView WithParts(Func<DatasetPart, DatasetPart> change, string? name = null) =>
        new(name ?? Name, _parts.Select(change).ToArray(), _partOf, _sourceIndex);

    /// <summary>The samples of <paramref name="views"/> one after the other.</summary>
    public static DatasetView Concat(IEnumerable<DatasetView> views, string? name = null)
    {
        var list = views.ToList();
        if (list.Count == 0) throw new ArgumentException("Nothing to concatenate.", nameof(views));
        var parts = new List<DatasetPart>();
        var partIds = new Dictionary<DatasetPart, int>(ReferenceEqualityComparer.Instance);
        int total = list.Sum(v => v.Count);
        var sourceIndex = new int[total];
        var partOf = new int[total];
        int offset = 0;
        foreach (var view in list)
        {
            var remap = view._parts.Select(p =>
            {
                if (!partIds.TryGetValue(p, out int id)) { id = parts.Count; parts.Add(p); partIds[p] = id; }
                return id;
            }).ToArray();
            view._sourceIndex.CopyTo(sourceIndex, offset);
            for (int i = 0; i < view.Count; i++) partOf[offset + i] = remap[view._partOf is null ? 0 : view._partOf[i]];
            offset += view.Count;
        }
        return new DatasetView(name ?? string.Join("+", list.Select(v => v.Name).Distinct()), parts.ToArray(),
            parts.Count == 1 ? null : partOf, sourceIndex);
    }

    /// <inheritdoc/>
    public DatasetFingerprint Fingerprint => _fingerprint ??= ComputeFingerprint();

    /// <summary>
    /// Gathers the inputs of <paramref name="positions"/> into one tensor <c>[B, ...]</c> on the CPU,
    /// applying each part's pixel map: stored values (e.g. uint8), or with <paramref name="modelInputs"/>
    /// the normalised float32 values the model sees. One index_select per part.
    /// </summary>
    public Tensor GatherInputs(ReadOnlySpan<int> positions, bool modelInputs = false)
    {
        using var scope = torch.NewDisposeScope();
        if (_partOf is null)
            return GatherFromPart(_parts[0], positions, modelInputs).MoveToOuterDisposeScope();

        // Group positions by part, gather each group, then restore the requested order.
        var groups = new List<int>[_parts.Length];
        for (int i = 0; i < positions.Length; i++)
            (groups[_partOf[positions[i]]] ??= []).Add(i);
        var pieces = new List<Tensor>();
        var order = new long[positions.Length];
        int filled = 0;
        for (int p = 0; p < groups.Length; p++)
        {
            if (groups[p] is not { } group) continue;
            var groupPositions = new int[group.Count];
            for (int k = 0; k < group.Count; k++) { groupPositions[k] = positions[group[k]]; order[group[k]] = filled + k; }
            pieces.Add(GatherFromPart(_parts[p], groupPositions, modelInputs));
            filled += group.Count;
        }
        var all = pieces.Count == 1 ? pieces[0] : torch.cat(pieces, 0);
        return all.index_select(0, torch.tensor(order)).MoveToOuterDisposeScope();
    }

    private Tensor GatherFromPart(DatasetPart part, ReadOnlySpan<int> positions, bool modelInputs)
    {
        var index = new long[positions.Length];
        for (int i = 0; i < index.Length; i++) index[i] = _sourceIndex[positions[i]];
        using var indexTensor = torch.tensor(index);
        return GatherSinglePart(part, indexTensor, modelInputs);
    }

    /// <summary>Gathers source samples <paramref name="sourceIndices"/> (int64) of <paramref name="part"/> and applies its pixel map.</summary>
    internal static Tensor GatherSinglePart(DatasetPart part, Tensor sourceIndices, bool modelInputs)
    {
        var source = modelInputs ? part.Source.ModelInputs : part.Source.Inputs;
        var gathered = source.index_select(0, sourceIndices);
        if (part.Pixels is null) return gathered;
        using (gathered) return part.Pixels.Apply(gathered, modelInputs ? part.Source.ModelZero : 0.0);
    }

    /// <summary>True when all samples come from one part (the loader's fast path).</summary>
    public bool IsSinglePart => _partOf is null;

    private int[] ComputeTargets()
    {
        var targets = new int[Count];
        for (int i = 0; i < targets.Length; i++)
        {
            var part = PartAt(i);
            targets[i] = part.MapLabel(part.Source.TargetArray[_sourceIndex[i]]);
        }
        return targets;
    }

    private DatasetFingerprint ComputeFingerprint()
    {
        var hash = new XxHash3();
        Span<ulong> words = stackalloc ulong[4];
        foreach (var part in _parts)
        {
            words[0] = part.Source.ContentHash;
            words[1] = part.Pixels?.Hash ?? 0;
            words[2] = part.ClassMap is null ? 0 : XxHash3.HashToUInt64(MemoryMarshal.AsBytes<int>(part.ClassMap));
            words[3] = (ulong)part.TaskLabel;
            hash.Append(MemoryMarshal.AsBytes(words));
        }
        hash.Append(MemoryMarshal.AsBytes<int>(_sourceIndex));
        if (_partOf is not null) hash.Append(MemoryMarshal.AsBytes<int>(_partOf));
        var sample = _parts[0].Source.SampleShape;
        return new DatasetFingerprint(Name, Split, Count, string.Join("x", sample), hash.GetCurrentHashAsUInt64().ToString("x16"));
    }

    private int CheckedPosition(int position) =>
        (uint)position < (uint)Count ? position : throw new ArgumentOutOfRangeException(nameof(position), position, $"Position outside view {Name} ({Count} samples).");

    /// <inheritdoc/>
    public override string ToString() => Fingerprint.ToString();
}
