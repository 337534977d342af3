using System.Text.RegularExpressions;

namespace CheckpointGen.Samples.Tests.Slurm;

/// <summary>One SLURM job (or array task) of a test: its state as scontrol reports it, and its output file.</summary>
internal sealed partial class SlurmJob(string id, string outputFile)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    /// <summary>The job id, or <c>array_task</c> for an array task.</summary>
    public string Id { get; } = id;

    public string OutputFile { get; } = outputFile;

    /// <summary>What the job has written so far (the batch script and the sample, all restarts appended).</summary>
    public string Output
    {
        get
        {
            try
            {
                using var stream = new FileStream(OutputFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                return new StreamReader(stream).ReadToEnd();
            }
            catch (FileNotFoundException)
            {
                return "";
            }
        }
    }

    /// <summary>Submits <paramref name="script"/> with sbatch and returns the job id.</summary>
    public static string Submit(string script, IEnumerable<string> sbatchOptions, IReadOnlyDictionary<string, string> environment, IEnumerable<string> scriptArguments)
    {
        string export = string.Join(',', environment.Select(p => $"{p.Key}={p.Value}").Prepend("ALL"));
        string output = SlurmCluster.Check("sbatch", ["--parsable", $"--export={export}", .. sbatchOptions, script, .. scriptArguments]);
        return output.Split(';')[0].Trim();
    }

    public readonly record struct State(string JobState, int Restarts, string ExitCode)
    {
        public bool IsFinished => JobState is "COMPLETED" or "FAILED" or "CANCELLED" or "TIMEOUT" or "NODE_FAIL" or "OUT_OF_MEMORY" or "BOOT_FAIL" or "DEADLINE";
    }

    public State Query()
    {
        string line = SlurmCluster.Check("scontrol", "show", "job", "-o", Id);
        string Field(Regex pattern) => pattern.Match(line) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException($"scontrol show job {Id}: no {pattern} in '{line}'");
        return new State(Field(JobStateField()), int.Parse(Field(RestartsField())), Field(ExitCodeField()));
    }

    /// <summary>Waits until the job has ended for good (a requeued job passes through several states first).</summary>
    public State WaitUntilFinished()
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var state = Query();
            if (state.IsFinished) return state;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Job {Id} did not finish within {Timeout} (state {state}). Output:\n{Output}");
            Thread.Sleep(200);
        }
    }

    /// <summary>Waits until the output holds <paramref name="text"/> <paramref name="occurrences"/> times and returns when that was seen.</summary>
    public DateTime WaitForOutput(string text, int occurrences = 1)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            if (Count(Output, text) >= occurrences) return DateTime.UtcNow;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Job {Id} did not write '{text}' {occurrences} time(s) within {Timeout}. Output:\n{Output}");
            Thread.Sleep(20);
        }
    }

    public static int Count(string output, string text)
    {
        int count = 0;
        for (int at = output.IndexOf(text, StringComparison.Ordinal); at >= 0; at = output.IndexOf(text, at + text.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    /// <summary>
    /// <c>scancel --signal=NAME JOB.0</c>: the signal goes to the job step (the sample, started with
    /// srun), as <c>--signal=NAME@T</c> does before a time limit. Not <c>scancel --signal=NAME JOB</c>:
    /// for a task of an array whose other tasks are still pending, SLURM 22.05 delivers the signal but
    /// answers "Job can not be altered now", and scancel sends it again every 5 s, into the next run.
    /// </summary>
    public void Signal(string name) => SlurmCluster.Check("scancel", $"--signal={name}", $"{JobNumber()}.0");

    /// <summary>The process id of the job step's task 0 (the sample, which srun started), from <c>scontrol listpids</c>.</summary>
    public int StepProcessId()
    {
        string listing = SlurmCluster.Check("scontrol", "listpids", JobNumber());
        foreach (string line in listing.Split('\n').Skip(1))
        {
            string[] columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (columns is [var pid, _, "0", "0", ..]) return int.Parse(pid);
        }
        throw new InvalidOperationException($"Job {Id} has no step 0 task 0 in:\n{listing}");
    }

    /// <summary>The job's own number (an array task has one besides <c>array_task</c>).</summary>
    private string JobNumber() => JobIdField().Match(SlurmCluster.Check("scontrol", "show", "job", "-o", Id)).Groups[1].Value;

    [GeneratedRegex(@"\bJobState=(\S+)")]
    private static partial Regex JobStateField();

    [GeneratedRegex(@"\bRestarts=(\d+)")]
    private static partial Regex RestartsField();

    [GeneratedRegex(@"\bExitCode=(\S+)")]
    private static partial Regex ExitCodeField();

    [GeneratedRegex(@"^JobId=(\d+)")]
    private static partial Regex JobIdField();
}
