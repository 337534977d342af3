using BenchmarkDotNet.Attributes;
using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Benchmarks.Loading;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.PerfBenchmarks;

/// <summary>
/// One epoch of MNIST's 60,000 training images as shuffled, normalised minibatches of 128:
/// CheckpointGen's loader (one uint8 tensor, index_select per batch) against TorchVision's MNIST
/// class iterated by TorchSharp's DataLoader (one tensor per image, stacked per batch). Times are per
/// image (OperationsPerInvoke = 60,000), so images per second = 1 / Mean. Loading the data set from
/// the IDX files is measured separately.
/// </summary>
/// <remarks>Run: <c>dotnet run -c Release --project tests/CheckpointGen.PerfBenchmarks -- --filter '*DataPipeline*' --job short</c></remarks>
[MemoryDiagnoser]
public class DataPipelineBenchmarks
{
    private const int Images = 60_000;
    private const int BatchSize = 128;

    private string _torchVisionRoot = "";
    private MnistFiles _files = null!;
    private TensorDataset _mnist = null!;
    private MinibatchLoader _loader = null!;
    private torch.utils.data.Dataset _torchVisionMnist = null!;
    private TorchSharp.Modules.DataLoader _torchVisionLoader = null!;

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(1);
        _files = MnistLocator.Locate();
        _mnist = Mnist.Read(_files, MnistSplit.Train);
        _loader = new MinibatchLoader(_mnist.All, BatchSize, seed: 1);

        // TorchSharp's TorchVision reads <root>/mnist/test_data/<name>: link the cached files into that layout.
        _torchVisionRoot = Path.Combine(Path.GetTempPath(), $"cg-torchvision-mnist-{Environment.ProcessId}");
        string layout = Path.Combine(_torchVisionRoot, "mnist", "test_data");
        Directory.CreateDirectory(layout);
        foreach (var spec in MnistFileSpec.All)
        {
            string link = Path.Combine(layout, spec.FileName);
            if (!File.Exists(link)) File.CreateSymbolicLink(link, _files.PathOf(spec));
        }
        _torchVisionMnist = torchvision.datasets.MNIST(_torchVisionRoot, train: true, download: false,
            target_transform: torchvision.transforms.Normalize([0.1307], [0.3081]));
        _torchVisionLoader = torch.utils.data.DataLoader(_torchVisionMnist, BatchSize, shuffle: true, seed: 1);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _torchVisionLoader.Dispose();
        _loader.Dispose();
        _mnist.Dispose();
        try { Directory.Delete(_torchVisionRoot, recursive: true); } catch (IOException) { }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Images, Description = "TorchVision MNIST + DataLoader, per image")]
    public long TorchVisionDataLoaderEpoch()
    {
        long seen = 0;
        foreach (var batch in _torchVisionLoader)
            seen += batch["data"].shape[0]; // the loader disposes each batch when it moves on
        return seen;
    }

    [Benchmark(OperationsPerInvoke = Images, Description = "CheckpointGen MinibatchLoader, per image")]
    public long CheckpointGenLoaderEpoch()
    {
        long seen = 0;
        foreach (var batch in _loader.NextEpoch())
            using (batch) seen += batch.Count;
        return seen;
    }

    [Benchmark(OperationsPerInvoke = Images, Description = "Load train set: CheckpointGen Mnist.Read, per image")]
    public long CheckpointGenLoad()
    {
        using var dataset = Mnist.Read(_files, MnistSplit.Train);
        return dataset.Count;
    }

    [Benchmark(OperationsPerInvoke = Images, Description = "Load train set: TorchVision MNIST, per image")]
    public long TorchVisionLoad()
    {
        using var dataset = torchvision.datasets.MNIST(_torchVisionRoot, train: true, download: false);
        return dataset.Count;
    }
}
