using CheckpointGen.Benchmarks.Data;
using CheckpointGen.DataTool;

// Data tool: `fetch-mnist [--root DIR]` makes sure MNIST is in place and verified (CI runs it before the
// tests); `describe SEED` prints what a seed determines (class order, permutations, rotations, batch
// order), so two processes or machines can be compared line by line.
return args switch
{
    ["fetch-mnist"] => FetchMnist(null),
    ["fetch-mnist", "--root", var root] => FetchMnist(root),
    ["describe", var seed] when int.TryParse(seed, out int s) => Describe(s, null),
    ["describe", var seed, "--root", var root] when int.TryParse(seed, out int s) => Describe(s, root),
    _ => Usage(),
};

static int FetchMnist(string? root)
{
    try
    {
        var files = MnistLocator.Locate(root);
        foreach (var split in new[] { MnistSplit.Train, MnistSplit.Test })
            using (var dataset = Mnist.Read(files, split))
                Console.WriteLine($"{dataset.Fingerprint} from '{files.Folder}'");
        return 0;
    }
    catch (Exception e) when (e is MnistDataException or IdxFormatException)
    {
        Console.Error.WriteLine(e.Message);
        return 1;
    }
}

static int Describe(int seed, string? root)
{
    foreach (string line in SeedDescription.Describe(seed, root)) Console.WriteLine(line);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: CheckpointGen.DataTool fetch-mnist [--root DIR]\n       CheckpointGen.DataTool describe SEED [--root DIR]");
    return 2;
}
