using CheckpointGen.Reading;
using CheckpointGen.Writing;

namespace CheckpointGen.Benchmarks.Data;

/// <summary>
/// A list of sample indices into one dataset that checkpoints as indices plus the dataset's
/// fingerprint, and on restore refuses a checkpoint made against different data — the building block
/// for replay buffers and other state that refers to samples rather than copying them.
/// </summary>
public sealed class DatasetIndices : ICheckpointable
{
    private const string DatasetKey = "dataset";
    private const string IndicesKey = "indices";

    /// <summary>An empty list of indices into <paramref name="dataset"/>.</summary>
    public DatasetIndices(IIndexedDataset dataset) => Dataset = dataset ?? throw new ArgumentNullException(nameof(dataset));

    /// <summary>The dataset the indices refer to.</summary>
    public IIndexedDataset Dataset { get; }

    /// <summary>The indices, in order; each in [0, Dataset.Count).</summary>
    public List<int> Indices { get; } = [];

    /// <summary>Appends <paramref name="index"/> after checking its range.</summary>
    public void Add(int index)
    {
        if ((uint)index >= (uint)Dataset.Count)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Index outside dataset {Dataset.Fingerprint.Name} of {Dataset.Count} samples.");
        Indices.Add(index);
    }

    void ICheckpointable.WriteCheckpoint(CheckpointWriter writer)
    {
        writer.BeginMember(DatasetKey);
        Dataset.Fingerprint.Write(writer);
        writer.EndMember();
        writer.BeginMember(IndicesKey);
        writer.WritePrimitiveArray<int>(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(Indices));
        writer.EndMember();
    }

    void ICheckpointable.ReadCheckpoint(CheckpointReader reader)
    {
        if (reader.TryBeginMember(DatasetKey))
        {
            Dataset.Fingerprint.EnsureMatches(DatasetFingerprint.Read(reader), $"{reader.CurrentTypeName}.{IndicesKey}");
            reader.EndMember();
        }
        if (!reader.TryBeginMember(IndicesKey)) return;
        var stored = reader.ReadPrimitiveSpan<int>();
        foreach (int index in stored)
            if ((uint)index >= (uint)Dataset.Count)
                throw new DatasetMismatchException($"{reader.CurrentTypeName}.{IndicesKey}: index {index} is outside dataset {Dataset.Fingerprint}.");
        Indices.Clear();
        Indices.AddRange(stored);
        reader.EndMember();
    }
}
