using System.Globalization;
using CheckpointGen.Training.Logging.Report;
using Xunit.Abstractions;

namespace CheckpointGen.Samples.Tests.Slurm;

/// <summary>
/// A sweep as a job array (slurm/sweep.sbatch, 2 strategies × 2 seeds): every task preempted once
/// by the warning signal, requeued by itself, ends exactly as the same task of an uninterrupted
/// array; then the gather command turns the sweep into its tables and plot.
/// </summary>
public sealed class SlurmSweepTests(ITestOutputHelper log) : IDisposable
{
    private static readonly string[] Strategies = ["naive", "lwf"];
    private static readonly int[] Seeds = [1, 2];

    private readonly SlurmSample _sample = new();

    public void Dispose() => _sample.Dispose();

    [SlurmFact]
    public void Every_task_of_a_preempted_array_requeues_itself_and_ends_as_an_uninterrupted_array_and_the_sweep_is_gathered()
    {
        SlurmCluster.Require();
        // Preempted array first: its requeue waits overlap the reference tasks' training.
        var (_, preempted) = _sample.SubmitSweep("sweep", Strategies, Seeds);
        var (_, straight) = _sample.SubmitSweep("straight", Strategies, Seeds);

        var figures = preempted.Select(t => Task.Run(() => SlurmSample.Preempt(t.Task, t.Run, log))).ToArray();
        Task.WaitAll(figures);

        foreach (var (task, _) in straight)
        {
            var state = task.WaitUntilFinished();
            Assert.True(state is { JobState: "COMPLETED", ExitCode: "0:0", Restarts: 0 }, $"Uninterrupted task {task.Id} ended {state}:\n{task.Output}");
        }
        for (int i = 0; i < preempted.Count; i++)
        {
            var (task, run) = preempted[i];
            var state = task.WaitUntilFinished();
            Assert.True(state is { JobState: "COMPLETED", ExitCode: "0:0", Restarts: 1 }, $"Preempted task {task.Id} ended {state}:\n{task.Output}");
            Assert.Contains($"{Strategies[i % Strategies.Length]}, seed {Seeds[i / Strategies.Length]}", task.Output);
            run.AssertEveryCheckpointVerifies();
            run.AssertSameResultsAs(straight[i].Run);
        }

        AssertGathered(Path.Combine(_sample.Root, "sweep"), preempted.Select(t => t.Run).ToList());
    }

    private static void AssertGathered(string sweep, List<SampleRun> runs)
    {
        var (code, output, _) = new SampleRun(sweep).RunToEnd(["gather", sweep]);
        Assert.True(code == 0, $"gather failed with {code}:\n{output}");

        string[] rows = File.ReadAllLines(Path.Combine(sweep, "sweep.csv"));
        Assert.Equal("run,strategy,scenario,seed,finished,final_accuracy,weights_sha256", rows[0]);
        Assert.Equal(runs.Count, rows.Length - 1);
        for (int i = 0; i < runs.Count; i++)
        {
            string accuracy = runs[i].Summary.GetProperty("FinalStreamAccuracy").GetDouble().ToString("R", CultureInfo.InvariantCulture);
            Assert.Equal($"task-{i},{Strategies[i % 2]},task,{Seeds[i / 2]},true,{accuracy},{runs[i].WeightsHash}", rows[i + 1]);
        }

        string[] strategies = File.ReadAllLines(Path.Combine(sweep, "sweep_by_strategy.csv"));
        Assert.Equal("strategy,scenario,runs,mean_accuracy,std_accuracy,min_accuracy,max_accuracy,seeds", strategies[0]);
        Assert.Equal(Strategies.Order(StringComparer.Ordinal), strategies.Skip(1).Select(r => r.Split(',')[0]));
        foreach (string row in strategies.Skip(1))
        {
            string[] cells = row.Split(',');
            var accuracies = runs.Where(r => r.Summary.GetProperty("Strategy").GetString() == cells[0])
                .Select(r => r.Summary.GetProperty("FinalStreamAccuracy").GetDouble()).ToArray();
            Assert.Equal("2", cells[2]);
            Assert.Equal(accuracies.Average(), double.Parse(cells[3], CultureInfo.InvariantCulture), 12);
            double std = Math.Sqrt(accuracies.Sum(a => (a - accuracies.Average()) * (a - accuracies.Average())) / (accuracies.Length - 1));
            Assert.Equal(std, double.Parse(cells[4], CultureInfo.InvariantCulture), 12);
            Assert.Equal("1 2", cells[7]);
        }

        var (width, height, _) = Plots.PngInfo(File.ReadAllBytes(Path.Combine(sweep, "sweep.png")));
        Assert.Equal((800, 500), (width, height));
    }
}
