using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using CheckpointGen.Training.Checkpointing;

namespace CheckpointGen.Training.Cluster;

/// <summary>
/// The SLURM job this process runs in, read from the variables SLURM sets, with Lightning-style
/// self-requeue: when a run stopped gracefully because of the requeue signal (SIGUSR1 unless told
/// otherwise: <c>#SBATCH --signal=USR1@90</c>) and saved, <see cref="RequeueAfterStop"/> puts the job
/// back in the queue with <c>scontrol requeue</c>, so a batch script needs no shell logic.
/// </summary>
/// <remarks>
/// Each array task gets its own run folder (<see cref="RunFolder"/>), and an array task is requeued
/// as <c>&lt;array job&gt;_&lt;task&gt;</c>, not as the whole array. Only batch jobs can be requeued;
/// inside an interactive allocation (<c>salloc</c>, <c>srun --pty</c>) nothing is requeued.
/// </remarks>
public sealed record SlurmEnvironment
{
    // Kept for the rest of the process once it requeued itself (see Requeue).
    private static PosixSignalRegistration? s_termAfterRequeue;

    /// <summary>SLURM_JOB_ID: this job (for an array task, the task's own job id).</summary>
    public required string JobId { get; init; }

    /// <summary>SLURM_ARRAY_JOB_ID: the array's job id, for an array task.</summary>
    public string? ArrayJobId { get; init; }

    /// <summary>SLURM_ARRAY_TASK_ID: this task's index in the array.</summary>
    public int? ArrayTaskId { get; init; }

    /// <summary>SLURM_ARRAY_TASK_COUNT: how many tasks the array has.</summary>
    public int? ArrayTaskCount { get; init; }

    /// <summary>SLURM_RESTART_COUNT: how many times the job was requeued before this run (0 when SLURM does not say).</summary>
    public int RestartCount { get; init; }

    /// <summary>SLURM_JOB_NAME.</summary>
    public string? JobName { get; init; }

    /// <summary>SLURM_PROCID: this process's rank in its job step (0 outside <c>srun</c>); only rank 0 requeues.</summary>
    public int ProcessRank { get; init; }

    /// <summary>True in a batch job (sbatch sets ENVIRONMENT=BATCH), the only kind SLURM requeues.</summary>
    public bool IsBatchJob { get; init; }

    /// <summary>Whether <see cref="RequeueAfterStop"/> requeues (default true).</summary>
    public bool AutoRequeue { get; init; } = true;

    /// <summary>The signal that means "save, then requeue" (default SIGUSR1); other stop signals (SIGTERM from scancel, a time limit without warning) only save.</summary>
    public PosixSignal RequeueSignal { get; init; } = StopSignals.Usr1;

    /// <summary>The scontrol command (default: <c>scontrol</c> from PATH).</summary>
    public string Scontrol { get; init; } = "scontrol";

    /// <summary>How long <c>scontrol requeue</c> may take before it counts as failed.</summary>
    public TimeSpan ScontrolTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>For tests: whether a successful requeue leaves this process ignoring SIGTERM (see <see cref="Requeue"/>).</summary>
    internal bool IgnoreTermAfterRequeue { get; init; } = true;

    /// <summary>True for an array task.</summary>
    public bool IsArrayTask => ArrayJobId is not null && ArrayTaskId is not null;

    /// <summary>The id <c>scontrol requeue</c> needs: <c>&lt;array job&gt;_&lt;task&gt;</c> for an array task (requeues that task only), else the job id.</summary>
    public string RequeueId => IsArrayTask ? $"{ArrayJobId}_{ArrayTaskId}" : JobId;

    /// <summary>The SLURM job this process runs in, or null outside SLURM (no SLURM_JOB_ID).</summary>
    /// <exception cref="ArgumentException">A SLURM variable holds something SLURM never writes; the message names it.</exception>
    public static SlurmEnvironment? Detect() => FromVariables(Environment.GetEnvironmentVariable);

    /// <summary>As <see cref="Detect"/>, from <paramref name="variable"/> instead of this process's environment.</summary>
    public static SlurmEnvironment? FromVariables(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        string? jobId = Text("SLURM_JOB_ID");
        if (jobId is null) return null;
        string? arrayJobId = Text("SLURM_ARRAY_JOB_ID");
        if (!IsId(jobId)) throw Invalid("SLURM_JOB_ID", jobId);
        if (arrayJobId is not null && !IsId(arrayJobId)) throw Invalid("SLURM_ARRAY_JOB_ID", arrayJobId);
        return new SlurmEnvironment
        {
            JobId = jobId,
            ArrayJobId = arrayJobId,
            ArrayTaskId = Number("SLURM_ARRAY_TASK_ID"),
            ArrayTaskCount = Number("SLURM_ARRAY_TASK_COUNT"),
            RestartCount = Number("SLURM_RESTART_COUNT") ?? 0,
            JobName = Text("SLURM_JOB_NAME"),
            ProcessRank = Number("SLURM_PROCID") ?? 0,
            IsBatchJob = Text("ENVIRONMENT") == "BATCH",
        };

        string? Text(string name) => variable(name) is { Length: > 0 } value ? value.Trim() : null;
        int? Number(string name) => Text(name) switch
        {
            null => null,
            var text when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) => n,
            var text => throw Invalid(name, text),
        };
        static bool IsId(string id) => id.All(char.IsAsciiDigit);
        static ArgumentException Invalid(string name, string value) =>
            new($"The SLURM variable {name} is '{value}', not a job or task number; is it set by hand?");
    }

    /// <summary>This task's run folder under <paramref name="root"/>: <c>root/task-N</c> for array task N (each task resumes its own run), <paramref name="root"/> otherwise.</summary>
    public string RunFolder(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        return IsArrayTask ? Path.Combine(root, $"task-{ArrayTaskId}") : root;
    }

    /// <summary>
    /// Requeues the job when the stop came from <see cref="RequeueSignal"/> and <see cref="AutoRequeue"/>
    /// is on; call it after the run saved and stopped (<see cref="TrainingStoppedException"/>), then exit
    /// with <see cref="GracefulStop.ExitCode"/> whatever it returns. True when the job was requeued.
    /// </summary>
    public bool RequeueAfterStop(GracefulStop stop, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(stop);
        ArgumentNullException.ThrowIfNull(log);
        if (!AutoRequeue || stop.Signal != RequeueSignal) return false;
        if (!IsBatchJob)
        {
            log($"Not requeued: job {JobId} is not a batch job (SLURM requeues only jobs started with sbatch). The checkpoint is kept; run the same command again to resume.");
            return false;
        }
        if (ProcessRank != 0) return false; // one requeue per job: rank 0's
        return Requeue(log);
    }

    /// <summary>Runs <c>scontrol requeue</c> for this job (array-aware); on failure says why and that the checkpoint is kept. True when it succeeded.</summary>
    public bool Requeue(Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(log);
        string failure;
        try
        {
            // scontrol runs inside the job it requeues, and every signal SLURM sends the job step
            // reaches it too: the SIGTERM of the requeue it asked for, often before it has exited
            // with its answer (exit code 143 for a requeue that worked), or a repeated warning
            // signal (138). sh ignores them and execs scontrol: ignored dispositions survive exec,
            // so scontrol lives to report; the timeout still ends it.
            var (code, output) = Run("/bin/sh", ["-c", "trap '' TERM INT HUP USR1 USR2; exec \"$0\" \"$@\"", Scontrol, "requeue", RequeueId], ScontrolTimeout);
            if (code == 0)
            {
                // slurmctld now sends SIGTERM to the job it requeued; it may arrive after the program
                // released its GracefulStop, while the process exits with 75. Let it change nothing.
                if (IgnoreTermAfterRequeue) s_termAfterRequeue ??= PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => context.Cancel = true);
                log($"Requeued SLURM job {RequeueId} (scontrol requeue); it resumes from the checkpoint when SLURM starts it again.");
                return true;
            }
            failure = code == 127
                ? $"'{Scontrol}' was not found ({output}); is this a SLURM node with scontrol on PATH?"
                : $"'{Scontrol} requeue {RequeueId}' failed with exit code {code}{(output.Length > 0 ? $": {output}" : "")}";
        }
        catch (Win32Exception e)
        {
            failure = $"/bin/sh, which starts scontrol, could not be started ({e.Message})";
        }
        catch (TimeoutException)
        {
            failure = $"'{Scontrol} requeue {RequeueId}' did not finish within {ScontrolTimeout.TotalSeconds:F0} s";
        }
        log($"Could not requeue SLURM job {RequeueId}: {failure}. The checkpoint is kept: requeue or resubmit the job to resume (exit code {GracefulStop.ExitCode}).");
        return false;
    }

    private static (int Code, string Output) Run(string file, string[] arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new Win32Exception($"{file} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException();
        }
        process.WaitForExit();
        return (process.ExitCode, $"{stderr.Result.Trim()} {stdout.Result.Trim()}".Trim());
    }

    /// <summary>One line for the log: job, array task, restarts.</summary>
    public override string ToString()
    {
        string task = IsArrayTask ? $", array task {ArrayTaskId}{(ArrayTaskCount is { } count ? $" (of {count} tasks)" : "")}" : "";
        string kind = IsBatchJob ? "batch job" : "job";
        return $"SLURM {kind} {RequeueId}{(JobName is null ? "" : $" '{JobName}'")}{task}, restart {RestartCount}";
    }
}
