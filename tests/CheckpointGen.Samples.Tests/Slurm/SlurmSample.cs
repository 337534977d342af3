using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace CheckpointGen.Samples.Tests.Slurm;

/// <summary>
/// The sample submitted to SLURM through its own batch scripts (samples/SplitMnistCheckpointing/slurm),
/// each job in a folder of this test's own; every job still queued or running is cancelled at the end.
/// </summary>
internal sealed partial class SlurmSample : IDisposable
{
    /// <summary>Short runs: 2,000 samples per experience, one epoch, a checkpoint every 8 iterations (about 8 s on an idle 2-core machine).</summary>
    public static readonly string[] RunArguments = ["--train-limit", "2000", "--epochs", "1", "--batch-size", "32", "--save-every", "8"];

    private readonly List<string> _jobs = [];

    public string Root { get; } = Directory.CreateTempSubdirectory("ckpt-slurm-").FullName;

    private static string Script(string name) => Path.Combine(AppContext.BaseDirectory, "slurm", name);

    private static string App => Path.Combine(AppContext.BaseDirectory, "SplitMnistCheckpointing.dll");

    /// <summary>Submits slurm/run.sbatch: one run in <c>Root/name</c>, its SLURM output in <c>Root/name.out</c>.</summary>
    public (SlurmJob Job, SampleRun Run) SubmitRun(string name, params string[] sampleArguments)
    {
        string output = Path.Combine(Root, name);
        string file = Path.Combine(Root, $"{name}.out");
        string id = SlurmJob.Submit(Script("run.sbatch"), [$"--chdir={Root}", $"--output={file}", $"--job-name={name}"],
            new Dictionary<string, string> { ["SPLITMNIST_APP"] = App, ["SPLITMNIST_OUTPUT"] = output },
            [.. RunArguments, .. sampleArguments]);
        _jobs.Add(id);
        return (new SlurmJob(id, file), new SampleRun(output));
    }

    /// <summary>Submits slurm/sweep.sbatch as an array of strategies × seeds under <c>Root/name</c>; returns each task with its run folder.</summary>
    public (string ArrayId, List<(SlurmJob Task, SampleRun Run)> Tasks) SubmitSweep(string name, string[] strategies, int[] seeds)
    {
        string output = Path.Combine(Root, name);
        int count = strategies.Length * seeds.Length;
        string id = SlurmJob.Submit(Script("sweep.sbatch"),
            [$"--chdir={Root}", $"--output={Path.Combine(Root, name)}-%a.out", $"--job-name={name}", $"--array=0-{count - 1}"],
            new Dictionary<string, string>
            {
                ["SPLITMNIST_APP"] = App,
                ["SPLITMNIST_OUTPUT"] = output,
                ["SWEEP_STRATEGIES"] = string.Join(' ', strategies),
                ["SWEEP_SEEDS"] = string.Join(' ', seeds),
            },
            RunArguments);
        _jobs.Add(id);
        return (id, [.. Enumerable.Range(0, count).Select(i =>
            (new SlurmJob($"{id}_{i}", $"{output}-{i}.out"), new SampleRun(Path.Combine(output, $"task-{i}"))))]);
    }

    /// <summary>
    /// Sends the warning signal once the run trains (after its first periodic checkpoint: the first
    /// iterations of a process are slow, which no preemption notice should be timed against), then times what follows: signal → checkpoint
    /// written (the file's modification time), and requeue → training resumed (the run requeues
    /// itself; SLURM holds the job cred_expire + 1 s, then starts it again and it restores).
    /// </summary>
    public static (double SignalToSaved, double RequeueToResumed) Preempt(SlurmJob job, SampleRun run, ITestOutputHelper log)
    {
        job.WaitForOutput("Saved checkpoint");
        var signalled = DateTime.UtcNow;
        job.Signal("USR1");
        job.WaitForOutput("Stopped after saving checkpoint");
        string file = run.CheckpointFile(SavedAtStop().Match(job.Output).Groups[1].Value);
        Assert.True(File.Exists(file), $"The checkpoint saved at the stop is missing: {file}");
        var saved = File.GetLastWriteTimeUtc(file);
        var requeued = job.WaitForOutput("Requeued SLURM job");
        var resumed = job.WaitForOutput("Resuming at training experience");
        double toSaved = (saved - signalled).TotalSeconds, toResumed = (resumed - requeued).TotalSeconds;
        log.WriteLine($"job {job.Id}: warning signal -> checkpoint written {toSaved:F2} s; requeue -> training resumed {toResumed:F2} s");
        return (toSaved, toResumed);
    }

    [GeneratedRegex(@"Stopped after saving checkpoint (\d+)")]
    private static partial Regex SavedAtStop();

    public void Dispose()
    {
        foreach (string id in _jobs) SlurmCluster.Run("scancel", [id]);
        // Let cancelled jobs end before their folder goes.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (_jobs.Count > 0 && DateTime.UtcNow < deadline && SlurmCluster.Run("squeue", ["-h", "-j", string.Join(',', _jobs)]) is (0, { Length: > 0 }))
            Thread.Sleep(200);
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A job that outlived the wait may still write there; the folder is unique to this test.
        }
    }
}
