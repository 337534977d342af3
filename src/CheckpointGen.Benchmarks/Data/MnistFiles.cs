namespace CheckpointGen.Benchmarks.Data;

/// <summary>The located paths of the four MNIST files (each either raw or <c>.gz</c>).</summary>
/// <param name="Folder">The folder they were found in.</param>
/// <param name="TrainImages">Path of train-images-idx3-ubyte[.gz].</param>
/// <param name="TrainLabels">Path of train-labels-idx1-ubyte[.gz].</param>
/// <param name="TestImages">Path of t10k-images-idx3-ubyte[.gz].</param>
/// <param name="TestLabels">Path of t10k-labels-idx1-ubyte[.gz].</param>
public sealed record MnistFiles(string Folder, string TrainImages, string TrainLabels, string TestImages, string TestLabels)
{
    /// <summary>The path of the file described by <paramref name="spec"/>.</summary>
    public string PathOf(MnistFileSpec spec) =>
        spec == MnistFileSpec.TrainImages ? TrainImages :
        spec == MnistFileSpec.TrainLabels ? TrainLabels :
        spec == MnistFileSpec.TestImages ? TestImages :
        spec == MnistFileSpec.TestLabels ? TestLabels :
        throw new ArgumentException($"Not an MNIST file: {spec.FileName}.", nameof(spec));

    /// <summary>
    /// Finds all four files in <paramref name="folder"/> (raw preferred over <c>.gz</c>), or null when
    /// any is missing.
    /// </summary>
    public static MnistFiles? TryFind(string folder)
    {
        var paths = new string[4];
        for (int i = 0; i < 4; i++)
        {
            string raw = Path.Combine(folder, MnistFileSpec.All[i].FileName);
            if (File.Exists(raw)) paths[i] = raw;
            else if (File.Exists(raw + ".gz")) paths[i] = raw + ".gz";
            else return null;
        }
        return new MnistFiles(folder, paths[0], paths[1], paths[2], paths[3]);
    }
}
