using System.Globalization;
using System.Text.Json;
using CheckpointGen.Training.Logging.Report;

namespace CheckpointGen.Samples.Tests;

/// <summary>
/// The sample's <c>gather</c> command on sweep folders written here (the SLURM sweep test gathers a
/// real sweep): the tables it writes, and what it says about folders it cannot use.
/// </summary>
public sealed class SweepGatherTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ckpt-gather-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void WriteRun(string name, string strategy, int seed, double? accuracy, bool finished = true)
    {
        string folder = Path.Combine(_root, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "summary.json"), JsonSerializer.Serialize(new
        {
            Strategy = strategy, Scenario = "task", Seed = seed, Finished = finished, FinalStreamAccuracy = accuracy,
            WeightsSha256 = $"hash-{name}", EvalResults = new Dictionary<string, string>(),
        }));
    }

    private static (int Code, string Output) Gather(params string[] arguments)
    {
        var (code, output, _) = new SampleRun(Path.GetTempPath()).RunToEnd(["gather", .. arguments]);
        return (code, output);
    }

    [Fact]
    public void A_sweep_is_gathered_into_runs_strategies_and_a_plot_leaving_out_unfinished_runs()
    {
        WriteRun("task-0", "naive", 1, 0.5);
        WriteRun("task-1", "ewc", 1, 0.75);
        WriteRun("task-2", "naive", 2, 0.625);
        WriteRun("task-3", "ewc", 2, 0.875);
        WriteRun("task-4", "naive", 3, 0.25, finished: false);
        Directory.CreateDirectory(Path.Combine(_root, "task-5", "checkpoints")); // still running: no summary yet
        Directory.CreateDirectory(Path.Combine(_root, "unrelated"));

        var (code, output) = Gather(_root);
        Assert.True(code == 0, output);
        Assert.Contains("task-4: not finished yet", output);
        Assert.Contains("task-5: not finished yet (no summary.json)", output);
        Assert.Contains("4 of 6 runs finished", output);

        Assert.Equal(
            [
                "run,strategy,scenario,seed,finished,final_accuracy,weights_sha256",
                "task-0,naive,task,1,true,0.5,hash-task-0",
                "task-1,ewc,task,1,true,0.75,hash-task-1",
                "task-2,naive,task,2,true,0.625,hash-task-2",
                "task-3,ewc,task,2,true,0.875,hash-task-3",
                "task-4,naive,task,3,false,0.25,hash-task-4",
                "task-5,,,,false,,",
            ],
            File.ReadAllLines(Path.Combine(_root, "sweep.csv")));
        string std = Math.Sqrt(2 * 0.0625 * 0.0625).ToString("R", CultureInfo.InvariantCulture); // two runs 0.125 apart
        Assert.Equal(
            [
                "strategy,scenario,runs,mean_accuracy,std_accuracy,min_accuracy,max_accuracy,seeds",
                $"ewc,task,2,0.8125,{std},0.75,0.875,1 2",
                $"naive,task,2,0.5625,{std},0.5,0.625,1 2",
            ],
            File.ReadAllLines(Path.Combine(_root, "sweep_by_strategy.csv")));
        var (width, height, _) = Plots.PngInfo(File.ReadAllBytes(Path.Combine(_root, "sweep.png")));
        Assert.Equal((800, 500), (width, height));
    }

    [Fact]
    public void A_missing_folder_is_named()
    {
        string missing = Path.Combine(_root, "no-such-sweep");
        var (code, output) = Gather(missing);
        Assert.Equal(1, code);
        Assert.Contains($"No folder '{missing}'", output);
    }

    [Fact]
    public void A_folder_without_runs_says_what_it_expected()
    {
        var (code, output) = Gather(_root);
        Assert.Equal(1, code);
        Assert.Contains("expected one folder per run, each with a summary.json", output);
    }

    [Fact]
    public void A_damaged_summary_is_named_and_nothing_is_written()
    {
        WriteRun("task-0", "naive", 1, 0.5);
        Directory.CreateDirectory(Path.Combine(_root, "task-1"));
        File.WriteAllText(Path.Combine(_root, "task-1", "summary.json"), "{ \"Strategy\": \"naive\", ");
        var (code, output) = Gather(_root);
        Assert.Equal(1, code);
        Assert.Contains(Path.Combine(_root, "task-1", "summary.json"), output);
        Assert.Contains("not a readable run summary", output);
        Assert.False(File.Exists(Path.Combine(_root, "sweep.csv")));
    }

    [Fact]
    public void A_sweep_where_no_run_has_finished_yet_says_so()
    {
        WriteRun("task-0", "naive", 1, 0.5, finished: false);
        var (code, output) = Gather(_root);
        Assert.Equal(1, code);
        Assert.Contains("None of the 1 runs", output);
    }

    [Fact]
    public void Wrong_arguments_print_the_usage()
    {
        var (code, output) = Gather();
        Assert.Equal(2, code);
        Assert.Contains("usage: SplitMnistCheckpointing gather DIR", output);
    }
}
