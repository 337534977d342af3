using System.Diagnostics;
using System.Text.Json;
using CheckpointGen.Storage;

namespace CheckpointGen.Samples.Tests;

/// <summary>One output folder of the sample: its summary, CSV logs and checkpoints.</summary>
internal sealed class SampleRun(string output)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    public string Output { get; } = output;

    /// <summary>A short SplitMNIST run: a few hundred samples per experience, frequent checkpoints.</summary>
    public IEnumerable<string> Arguments(string strategy, params string[] extra) =>
        ["--strategy", strategy, "--output", Output, "--plain", "--train-limit", "400", "--epochs", "1", "--batch-size", "32", "--save-every", "4", .. extra];

    public (int ExitCode, string Output, TimeSpan Elapsed) RunToEnd(IEnumerable<string> arguments, IReadOnlyList<string>? prefix = null)
    {
        var watch = Stopwatch.StartNew();
        using var process = SampleProcess.Start(arguments, prefix: prefix);
        int code = process.WaitForExit(Timeout);
        return (code, process.Output, watch.Elapsed);
    }

    public JsonElement Summary => JsonDocument.Parse(File.ReadAllText(Path.Combine(Output, "summary.json"))).RootElement;

    public string WeightsHash => Summary.GetProperty("WeightsSha256").GetString()!;

    public string EvalResults => Summary.GetProperty("EvalResults").GetRawText();

    public IReadOnlyDictionary<string, byte[]> CsvLogs =>
        Directory.GetFiles(Path.Combine(Output, "logs", "csv")).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

    public string CheckpointFolder => Path.Combine(Output, "checkpoints");

    /// <summary>The file of checkpoint <paramref name="sequence"/> (as the log names it).</summary>
    public string CheckpointFile(string sequence) => Path.Combine(CheckpointFolder, $"checkpoint-{long.Parse(sequence):D12}.ckpt");

    /// <summary>The temporary files in the checkpoint folder: a save in progress, or one a kill interrupted.</summary>
    public string[] TemporaryFiles() =>
        Directory.Exists(CheckpointFolder) ? Directory.GetFiles(CheckpointFolder, "*" + AtomicFile.TemporarySuffix) : [];

    private HashSet<string> Temporaries() => [.. TemporaryFiles()];

    /// <summary>
    /// Spins until <paramref name="process"/> is writing a checkpoint (a new temporary file exists;
    /// one left by an earlier kill does not count); false when it ended first.
    /// </summary>
    public bool WaitForSaveInProgress(SampleProcess process)
    {
        var leftovers = Temporaries();
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) return false;
            if (Temporaries().Except(leftovers).Any()) return true;
            Thread.SpinWait(1000);
        }
        return false;
    }

    /// <summary>Every listed checkpoint must pass a full verification (structure and every checksum).</summary>
    public void AssertEveryCheckpointVerifies()
    {
        if (!Directory.Exists(CheckpointFolder)) return;
        foreach (string file in Directory.GetFiles(CheckpointFolder, "*.ckpt"))
            Checkpoint.Verify(file);
    }

    /// <summary>Asserts that this run ended exactly as <paramref name="reference"/>: weights, every evaluation result, CSV logs.</summary>
    public void AssertSameResultsAs(SampleRun reference)
    {
        Assert.Equal(reference.WeightsHash, WeightsHash);
        Assert.Equal(reference.EvalResults, EvalResults);
        var expected = reference.CsvLogs;
        var actual = CsvLogs;
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, bytes) in expected)
            Assert.True(bytes.AsSpan().SequenceEqual(actual[name]), $"{name} differs from the uninterrupted run's.");
    }
}
