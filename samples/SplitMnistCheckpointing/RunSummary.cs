using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using CheckpointGen.Storage;
using CheckpointGen.Training.Checkpointing;
using CheckpointGen.Training.Evaluation;
using CheckpointGen.Training.Templates;

namespace SplitMnistCheckpointing;

/// <summary>
/// What a run produced, written to <c>summary.json</c> in the output folder: the final stream
/// accuracy, a hash of every model parameter (equal hashes = bit-identical weights), every
/// evaluation result, and this process's timings. Resumed runs are compared with uninterrupted
/// ones through it, and <see cref="SweepGather"/> tabulates a sweep's runs from it.
/// </summary>
internal sealed record RunSummary(
    string Strategy,
    string Scenario,
    int Seed,
    bool Finished,
    double? FinalStreamAccuracy,
    string WeightsSha256,
    SortedDictionary<string, string> EvalResults,
    double WallSeconds,
    double TrainImagesPerSecond,
    int Saves,
    double MeanSaveMilliseconds,
    double MaxSaveMilliseconds,
    int FailedSaves,
    bool LastSaveFailed)
{
    public static RunSummary From(SampleOptions options, SupervisedTemplate strategy, EvaluationPlugin evaluator,
        ThroughputMeter meter, CheckpointPlugin? checkpoints, TimeSpan wall, bool finished)
    {
        var results = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in evaluator.AllResults)
        {
            if (!name.Contains("/eval_phase/", StringComparison.Ordinal)) continue;
            results[name] = string.Join(" ", values.SelectMany(v => v.Scalars().Select(s => $"{v.XPosition}:{s.Name}={s.Value.ToString("R", CultureInfo.InvariantCulture)}")));
        }
        double? accuracy = evaluator.LastResults
            .Where(p => p.Key.StartsWith("Top1_Acc_Stream/eval_phase/test_stream", StringComparison.Ordinal))
            .Select(p => (double?)p.Value.Value).FirstOrDefault();
        var saves = checkpoints?.SaveDurations ?? [];
        return new RunSummary(options.Strategy, options.Scenario, options.Seed, finished, accuracy, WeightsHash(strategy), results,
            wall.TotalSeconds, meter.ImagesPerSecond, saves.Count,
            saves.Count == 0 ? 0 : saves.Average(d => d.TotalMilliseconds),
            saves.Count == 0 ? 0 : saves.Max(d => d.TotalMilliseconds),
            checkpoints?.FailedSaves.Count ?? 0, checkpoints?.LastSaveFailed ?? false);
    }

    private static string WeightsHash(SupervisedTemplate strategy)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, parameter) in strategy.Model.named_parameters())
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(name));
            using var cpu = parameter.detach().cpu().contiguous();
            hash.AppendData(cpu.bytes);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Writes summary.json atomically: a sweep's gather never reads half a summary.</summary>
    public void Write(string folder) =>
        AtomicFile.Write(Path.Combine(folder, "summary.json"), stream => JsonSerializer.Serialize(stream, this, new JsonSerializerOptions { WriteIndented = true }));

    public void Print()
    {
        Console.WriteLine();
        Console.WriteLine($"Strategy {Strategy} ({Scenario}-incremental): {(Finished ? "finished" : "stopped early")}.");
        if (FinalStreamAccuracy is { } acc) Console.WriteLine($"  final stream accuracy   {acc:F4}");
        Console.WriteLine($"  wall time (this run)    {WallSeconds:F1} s");
        Console.WriteLine($"  training throughput     {TrainImagesPerSecond:F0} images/s");
        if (Saves > 0) Console.WriteLine($"  checkpoints saved       {Saves}, mean {MeanSaveMilliseconds:F1} ms, max {MaxSaveMilliseconds:F1} ms (fsync included)");
        if (FailedSaves > 0) Console.WriteLine($"  saves that failed       {FailedSaves} (training went on; see the messages above)");
        if (LastSaveFailed) Console.WriteLine("  the last save failed: running the same command again trains again from the newest checkpoint saved");
        Console.WriteLine($"  weights SHA-256         {WeightsSha256}");
    }
}
