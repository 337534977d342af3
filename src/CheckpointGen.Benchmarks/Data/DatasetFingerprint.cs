using CheckpointGen.Reading;
using CheckpointGen.Writing;

namespace CheckpointGen.Benchmarks.Data;

/// <summary>
/// A stable identity of a dataset's content: name, split, number of samples, shape of one sample,
/// and a hash of the content (XxHash3 of inputs and targets, and for views of the index selection,
/// the per-sample transforms and label maps). Equal fingerprints mean indices refer to the same samples.
/// </summary>
/// <param name="Name">Human-readable name, e.g. <c>MNIST</c> or <c>SplitMNIST/train/exp2</c>.</param>
/// <param name="Split">The split, e.g. <c>train</c> or <c>test</c>.</param>
/// <param name="Count">Number of samples.</param>
/// <param name="SampleShape">Shape of one input sample, e.g. <c>1x28x28</c>.</param>
/// <param name="ContentHash">64-bit content hash as 16 hex digits.</param>
public sealed record DatasetFingerprint(string Name, string Split, int Count, string SampleShape, string ContentHash)
{
    /// <summary>
    /// Throws <see cref="DatasetMismatchException"/> unless <paramref name="stored"/> (read from a
    /// checkpoint) describes this dataset; <paramref name="what"/> names the state being restored.
    /// </summary>
    public void EnsureMatches(DatasetFingerprint stored, string what)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var differences = new List<string>();
        if (stored.Name != Name) differences.Add($"name '{stored.Name}' vs '{Name}'");
        if (stored.Split != Split) differences.Add($"split '{stored.Split}' vs '{Split}'");
        if (stored.Count != Count) differences.Add($"{stored.Count} vs {Count} samples");
        if (stored.SampleShape != SampleShape) differences.Add($"sample shape {stored.SampleShape} vs {SampleShape}");
        if (stored.ContentHash != ContentHash) differences.Add($"content hash {stored.ContentHash} vs {ContentHash}");
        if (differences.Count > 0)
            throw new DatasetMismatchException(
                $"{what} was saved against dataset {stored} but is being restored against {this}: {string.Join("; ", differences)} " +
                "(checkpoint vs now). Its sample indices would point at different samples; rebuild the benchmark with the same data, seed and options.");
    }

    /// <summary>Writes the fingerprint as one value (a 5-tuple).</summary>
    public void Write(CheckpointWriter writer)
    {
        writer.BeginTuple(5);
        writer.WriteString(Name);
        writer.WriteString(Split);
        writer.WriteInt32(Count);
        writer.WriteString(SampleShape);
        writer.WriteString(ContentHash);
    }

    /// <summary>Reads a fingerprint written by <see cref="Write"/>.</summary>
    public static DatasetFingerprint Read(CheckpointReader reader)
    {
        reader.BeginTuple(5);
        string name = reader.ReadString() ?? "";
        string split = reader.ReadString() ?? "";
        int count = reader.ReadInt32();
        string shape = reader.ReadString() ?? "";
        string hash = reader.ReadString() ?? "";
        return new DatasetFingerprint(name, split, count, shape, hash);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} [{Split}, {Count} x {SampleShape}, #{ContentHash}]";
}
