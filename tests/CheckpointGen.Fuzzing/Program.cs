using CheckpointGen.Fuzzing;
using SharpFuzz;

// CheckpointGen.Fuzzing corpus <folder>   writes the seed corpus
// CheckpointGen.Fuzzing run               the libFuzzer target (started by libfuzzer-dotnet; see fuzz.sh)
// CheckpointGen.Fuzzing replay <file>...  runs inputs through the target without libFuzzer (a finding's stack trace)
switch (args.FirstOrDefault())
{
    case "corpus" when args.Length == 2:
        Directory.CreateDirectory(args[1]);
        foreach (var (name, bytes) in SeedCorpus.Files()) File.WriteAllBytes(Path.Combine(args[1], name + ".ckpt"), bytes);
        return 0;
    case "run":
        var target = new ReaderTarget(ScratchFile());
        Fuzzer.LibFuzzer.Run(target.Run);
        return 0;
    case "replay" when args.Length >= 2:
        var replay = new ReaderTarget(ScratchFile());
        foreach (string file in args.Skip(1))
        {
            foreach (var (read, error) in replay.Read(File.ReadAllBytes(file)))
                Console.WriteLine($"{file}: {read}: {(error is null ? "ok" : error.GetType().Name + ": " + error.Message)}");
        }
        return 0;
    default:
        Console.Error.WriteLine("usage: CheckpointGen.Fuzzing corpus <folder> | run | replay <file>...");
        return 2;
}

static string ScratchFile()
{
    string folder = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
    return Path.Combine(folder, $"checkpointgen-fuzz-{Environment.ProcessId}.ckpt");
}
