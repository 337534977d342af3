namespace CheckpointGen.Benchmarks.Data;

/// <summary>A dataset whose samples are addressed by index 0..Count−1 and whose content has a fingerprint.</summary>
public interface IIndexedDataset
{
    /// <summary>Number of samples.</summary>
    int Count { get; }

    /// <summary>The identity of the content, to check indices against on restore.</summary>
    DatasetFingerprint Fingerprint { get; }
}
