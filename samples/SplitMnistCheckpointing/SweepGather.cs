using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SplitMnistCheckpointing;

/// <summary>
/// <c>gather DIR</c>: after a sweep (a SLURM job array writes one run folder per task under DIR),
/// reads every run's <c>summary.json</c> and writes the table a researcher looks at:
/// <c>sweep.csv</c> (one row per run), <c>sweep_by_strategy.csv</c> (final accuracy per strategy:
/// mean, standard deviation, minimum and maximum over the seeds) and <c>sweep.png</c> (the same as
/// a plot). Runs that have not finished yet are listed and left out of the statistics.
/// </summary>
internal static class SweepGather
{
    public const string RunsFile = "sweep.csv";
    public const string StrategiesFile = "sweep_by_strategy.csv";
    public const string PlotFile = "sweep.png";

    public const string Usage = "usage: SplitMnistCheckpointing gather DIR (see SplitMnistCheckpointing gather --help)";

    /// <summary>Gathers the runs in <paramref name="folder"/> (the command line is parsed by <see cref="SampleCommandLine"/>).</summary>
    public static int Command(string folder)
    {
        try
        {
            var runs = Read(folder);
            Write(folder, runs);
            return 0;
        }
        catch (GatherException e)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
    }

    /// <summary>One run folder: its name and its summary, or null when it has not written one (still running, or stopped).</summary>
    internal sealed record Run(string Folder, RunSummary? Summary);

    internal static List<Run> Read(string folder)
    {
        if (!Directory.Exists(folder)) throw new GatherException($"No folder '{folder}' to gather runs from.");
        var runs = new List<Run>();
        foreach (string run in Directory.GetDirectories(folder).Order(StringComparer.Ordinal))
        {
            string summary = Path.Combine(run, "summary.json");
            if (File.Exists(summary)) runs.Add(new Run(Path.GetFileName(run), Parse(summary)));
            else if (Directory.Exists(Path.Combine(run, "checkpoints"))) runs.Add(new Run(Path.GetFileName(run), null));
        }
        if (runs.Count == 0)
            throw new GatherException($"No runs in '{folder}': expected one folder per run, each with a summary.json (or a checkpoints folder while it runs).");
        return runs;
    }

    private static RunSummary Parse(string file)
    {
        try
        {
            var summary = JsonSerializer.Deserialize<RunSummary>(File.ReadAllText(file));
            if (summary is null || string.IsNullOrEmpty(summary.Strategy))
                throw new GatherException($"'{file}' is not a run summary (no strategy).");
            return summary;
        }
        catch (JsonException e)
        {
            throw new GatherException($"'{file}' is not a readable run summary: {e.Message}");
        }
    }

    private static void Write(string folder, List<Run> runs)
    {
        var finished = runs.Where(r => r.Summary is { Finished: true, FinalStreamAccuracy: not null }).ToList();
        foreach (var run in runs.Except(finished))
            Console.Error.WriteLine($"{run.Folder}: not finished yet{(run.Summary is null ? " (no summary.json)" : "")}; left out of the statistics.");
        if (finished.Count == 0) throw new GatherException($"None of the {runs.Count} runs in '{folder}' has finished; nothing to gather yet.");

        var runsCsv = new StringBuilder("run,strategy,scenario,seed,finished,final_accuracy,weights_sha256\n");
        foreach (var (name, s) in runs)
            runsCsv.Append(s is null
                ? $"{name},,,,false,,\n"
                : $"{name},{s.Strategy},{s.Scenario},{s.Seed},{(s.Finished ? "true" : "false")},{Number(s.FinalStreamAccuracy)},{s.WeightsSha256}\n");

        var groups = StrategyStatistics.Of(finished.Select(r => r.Summary!));
        var strategiesCsv = new StringBuilder("strategy,scenario,runs,mean_accuracy,std_accuracy,min_accuracy,max_accuracy,seeds\n");
        foreach (var g in groups)
            strategiesCsv.Append($"{g.Strategy},{g.Scenario},{g.Accuracies.Count},{Number(g.Mean)},{Number(g.StandardDeviation)},{Number(g.Accuracies.Min())},{Number(g.Accuracies.Max())},{string.Join(' ', g.Seeds)}\n");

        File.WriteAllText(Path.Combine(folder, RunsFile), runsCsv.ToString());
        File.WriteAllText(Path.Combine(folder, StrategiesFile), strategiesCsv.ToString());
        File.WriteAllBytes(Path.Combine(folder, PlotFile), SweepPlot.Draw(groups));

        Console.WriteLine($"{finished.Count} of {runs.Count} runs finished. Final stream accuracy per strategy (over seeds):");
        foreach (var g in groups)
            Console.WriteLine($"  {g.Strategy,-8} {g.Scenario,-5} {g.Mean:F4} ± {g.StandardDeviation:F4}  (n={g.Accuracies.Count}, min {g.Accuracies.Min():F4}, max {g.Accuracies.Max():F4})");
        Console.WriteLine($"Wrote {Path.Combine(folder, RunsFile)}, {StrategiesFile} and {PlotFile}.");
    }

    private static string Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";
}

/// <summary>The final accuracies of one strategy (and scenario) over the seeds of a sweep.</summary>
internal sealed record StrategyStatistics(string Strategy, string Scenario, IReadOnlyList<double> Accuracies, IReadOnlyList<int> Seeds)
{
    public double Mean => Accuracies.Average();

    /// <summary>The sample standard deviation (n − 1); 0 for a single run.</summary>
    public double StandardDeviation => Accuracies.Count < 2 ? 0 : Math.Sqrt(Accuracies.Sum(a => (a - Mean) * (a - Mean)) / (Accuracies.Count - 1));

    public static List<StrategyStatistics> Of(IEnumerable<RunSummary> runs) =>
        [.. runs.GroupBy(r => (r.Strategy, r.Scenario))
            .OrderBy(g => g.Key.Strategy, StringComparer.Ordinal).ThenBy(g => g.Key.Scenario, StringComparer.Ordinal)
            .Select(g =>
            {
                var ordered = g.OrderBy(r => r.Seed).ToList();
                return new StrategyStatistics(g.Key.Strategy, g.Key.Scenario, [.. ordered.Select(r => r.FinalStreamAccuracy!.Value)], [.. ordered.Select(r => r.Seed)]);
            })];
}

internal sealed class GatherException(string message) : Exception(message);
