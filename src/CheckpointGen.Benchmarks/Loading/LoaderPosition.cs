using CheckpointGen.Randomness;

namespace CheckpointGen.Benchmarks.Loading;

/// <summary>
/// The checkpointable position of a <see cref="MinibatchLoader"/>: the epoch under way, the next
/// batch, the shuffling generator and its state when the epoch began. The loader updates it live,
/// so whoever owns it (the training template) saves it with everything else, and a loader built
/// later over the same dataset with the restored position continues with exactly the batches the
/// interrupted run would have seen.
/// </summary>
[Checkpointable]
public sealed partial class LoaderPosition
{
    /// <summary>True once a loader has started using this position.</summary>
    public bool Started { get; internal set; }

    /// <summary>Fingerprint (text form) of the dataset the position refers to.</summary>
    public string Dataset { get; internal set; } = "";

    /// <summary>Batch size, shuffling and drop-last setting of the loader that used the position (a different setting would map the position to other batches).</summary>
    public string Settings { get; internal set; } = "";

    /// <summary>The epoch under way, or the next one to start (from 0).</summary>
    public int Epoch { get; internal set; }

    /// <summary>Index of the next batch within the epoch under way.</summary>
    public int BatchIndex { get; internal set; }

    /// <summary>True between the first and the last batch of an epoch.</summary>
    public bool InEpoch { get; internal set; }

    /// <summary>State of <see cref="Random"/> when the epoch under way began (replayed to rebuild its order).</summary>
    public ulong[] EpochStartState { get; internal set; } = [];

    /// <summary>The shuffling generator.</summary>
    public CheckpointableRandom Random { get; internal set; } = new(0);
}
