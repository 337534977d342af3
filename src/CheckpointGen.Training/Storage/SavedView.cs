using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Reading;
using CheckpointGen.Writing;

namespace CheckpointGen.Training.Storage;

/// <summary>The checkpointed description of a <see cref="DatasetView"/>: parts by source fingerprint, per-sample part and source index.</summary>
internal sealed class SavedView
{
    private const string NameKey = "name";
    private const string FingerprintKey = "fingerprint";
    private const string PartsKey = "parts";
    private const string PartOfKey = "part_of";
    private const string IndicesKey = "indices";

    private SavedView(string name, DatasetFingerprint fingerprint, SavedPart[] parts, int[] partOf, int[] sourceIndices)
    {
        Name = name;
        Fingerprint = fingerprint;
        Parts = parts;
        PartOf = partOf;
        SourceIndices = sourceIndices;
    }

    public string Name { get; }
    public DatasetFingerprint Fingerprint { get; }
    public SavedPart[] Parts { get; }
    public int[] PartOf { get; }
    public int[] SourceIndices { get; }

    public static SavedView? Of(DatasetView? view)
    {
        if (view is null) return null;
        var parts = view.Parts.Select(SavedPart.Of).ToArray();
        var partOf = new int[view.Count];
        for (int i = 0; i < partOf.Length; i++) partOf[i] = view.PartIndexAt(i);
        return new SavedView(view.Name, view.Fingerprint, parts, partOf, view.SourceIndices.ToArray());
    }

    public DatasetView Rebuild(IEnumerable<TensorDataset> sources)
    {
        var available = sources.ToList();
        var parts = Parts.Select(p => p.Rebuild(available, Name)).ToArray();
        var view = DatasetView.FromParts(Name, parts, PartOf, SourceIndices);
        view.Fingerprint.EnsureMatches(Fingerprint, $"The stored selection '{Name}'");
        return view;
    }

    /// <summary>Writes the members of the selection's component (a null view writes none: an empty selection).</summary>
    public static void Write(SavedView? saved, CheckpointWriter writer) { if (saved is not null) saved.Write(writer); }

    public void Write(CheckpointWriter writer)
    {
        writer.BeginMember(NameKey);
        writer.WriteString(Name);
        writer.EndMember();
        writer.BeginMember(FingerprintKey);
        Fingerprint.Write(writer);
        writer.EndMember();
        writer.BeginMember(PartsKey);
        writer.BeginSequence(Parts.Length);
        foreach (var part in Parts) part.Write(writer);
        writer.EndMember();
        writer.BeginMember(PartOfKey);
        writer.WritePrimitiveArray<int>(PartOf);
        writer.EndMember();
        writer.BeginMember(IndicesKey);
        writer.WritePrimitiveArray<int>(SourceIndices);
        writer.EndMember();
    }

    /// <summary>Reads a description, or null for an empty selection (no members).</summary>
    public static SavedView? Read(CheckpointReader reader)
    {
        if (!reader.TryBeginMember(NameKey)) return null;
        string name = reader.ReadString() ?? "";
        reader.EndMember();
        DatasetFingerprint fingerprint = Required(reader, FingerprintKey, DatasetFingerprint.Read);
        var parts = Required(reader, PartsKey, r =>
        {
            int count = r.BeginSequence();
            var list = new SavedPart[count];
            for (int i = 0; i < count; i++) list[i] = SavedPart.Read(r);
            return list;
        });
        var partOf = Required(reader, PartOfKey, r => r.ReadPrimitiveArray<int>());
        var indices = Required(reader, IndicesKey, r => r.ReadPrimitiveArray<int>());
        if (partOf.Length != indices.Length || indices.Length != fingerprint.Count)
            throw new CheckpointFormatException($"Stored selection '{name}': {indices.Length} indices, {partOf.Length} part numbers, fingerprint of {fingerprint.Count} samples.");
        foreach (int p in partOf)
            if ((uint)p >= (uint)parts.Length) throw new CheckpointFormatException($"Stored selection '{name}' names part {p} of {parts.Length}.");
        return new SavedView(name, fingerprint, parts, partOf, indices);
    }

    private static T Required<T>(CheckpointReader reader, string key, Func<CheckpointReader, T> read)
    {
        if (!reader.TryBeginMember(key)) throw new CheckpointMismatchException($"A stored selection lacks its '{key}'.");
        var value = read(reader);
        reader.EndMember();
        return value;
    }
}

/// <summary>One part of a saved view: the source by fingerprint and what the view does to its samples.</summary>
internal sealed record SavedPart(DatasetFingerprint Source, string? PixelDescription, long[]? PixelSource, int[]? ClassMap, int TaskLabel)
{
    public static SavedPart Of(DatasetPart part) =>
        new(part.Source.Fingerprint, part.Pixels?.Description, part.Pixels?.Source.ToArray(), part.ClassMap?.ToArray(), part.TaskLabel);

    public DatasetPart Rebuild(IReadOnlyList<TensorDataset> sources, string view)
    {
        var source = sources.FirstOrDefault(s => s.Fingerprint == Source)
            ?? throw new DatasetMismatchException(
                $"The stored selection '{view}' refers to dataset {Source}, which is not among the datasets of the current experience " +
                $"({(sources.Count == 0 ? "none" : string.Join("; ", sources.Select(s => s.Fingerprint)))}). Rebuild the benchmark with the same data, seed and options.");
        var pixels = PixelSource is null ? null : PixelMap.FromSource(PixelSource, PixelDescription ?? "pixel map");
        return new DatasetPart(source, pixels, ClassMap, TaskLabel);
    }

    public void Write(CheckpointWriter writer)
    {
        writer.BeginTuple(5);
        Source.Write(writer);
        if (PixelDescription is null) writer.WriteNull(); else writer.WriteString(PixelDescription);
        if (PixelSource is null) writer.WriteNull(); else writer.WritePrimitiveArray<long>(PixelSource);
        if (ClassMap is null) writer.WriteNull(); else writer.WritePrimitiveArray<int>(ClassMap);
        writer.WriteInt32(TaskLabel);
    }

    public static SavedPart Read(CheckpointReader reader)
    {
        reader.BeginTuple(5);
        var source = DatasetFingerprint.Read(reader);
        string? description = reader.TryReadNull() ? null : reader.ReadString();
        long[]? pixels = reader.TryReadNull() ? null : reader.ReadPrimitiveArray<long>();
        int[]? classMap = reader.TryReadNull() ? null : reader.ReadPrimitiveArray<int>();
        int task = reader.ReadInt32();
        return new SavedPart(source, description, pixels, classMap, task);
    }
}
