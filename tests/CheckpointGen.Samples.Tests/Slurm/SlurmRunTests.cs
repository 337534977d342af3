using System.Diagnostics;
using Xunit.Abstractions;

namespace CheckpointGen.Samples.Tests.Slurm;

/// <summary>An uninterrupted run of the batch script, submitted once (on first use) for every test of the class to compare with.</summary>
public sealed class SlurmReferenceRun : IDisposable
{
    private readonly SlurmSample _sample = new();
    private readonly Lazy<(SlurmJob Job, SampleRun Run, SlurmJob.State State)> _reference;

    public SlurmReferenceRun() => _reference = new(() =>
    {
        var (job, run) = _sample.SubmitRun("reference");
        return (job, run, job.WaitUntilFinished());
    });

    internal (SlurmJob Job, SampleRun Run, SlurmJob.State State) Value => _reference.Value;

    public void Dispose() => _sample.Dispose();
}

/// <summary>
/// The sample's batch script (slurm/run.sbatch) on a real SLURM cluster: preempted by the warning
/// signal it requeues itself and ends exactly as an uninterrupted run (same weights, every
/// evaluation result, CSV logs byte for byte); killed without warning and requeued it resumes
/// from its last checkpoint; finished, it is never requeued.
/// </summary>
public sealed class SlurmRunTests(SlurmReferenceRun reference, ITestOutputHelper log) : IClassFixture<SlurmReferenceRun>, IDisposable
{
    private readonly SlurmSample _sample = new();

    public void Dispose() => _sample.Dispose();

    private SampleRun Reference()
    {
        var (job, run, state) = reference.Value;
        Assert.True(state is { JobState: "COMPLETED", ExitCode: "0:0" }, $"The uninterrupted run ended {state}:\n{job.Output}");
        return run;
    }

    [SlurmFact]
    public void A_finished_run_exits_0_and_is_never_requeued()
    {
        SlurmCluster.Require();
        Reference();
        var (job, _, state) = reference.Value;
        Assert.Equal(0, state.Restarts);
        Assert.DoesNotContain("Requeued", job.Output);
        Assert.Contains("weights SHA-256", job.Output);
    }

    [SlurmFact]
    public void The_batch_script_preempted_by_the_warning_signal_requeues_itself_and_ends_as_an_uninterrupted_run()
    {
        SlurmCluster.Require();
        var straight = Reference();
        var (job, run) = _sample.SubmitRun("preempted");
        SlurmSample.Preempt(job, run, log);
        var state = job.WaitUntilFinished();
        string output = job.Output;
        Assert.True(state is { JobState: "COMPLETED", ExitCode: "0:0", Restarts: 1 }, $"The preempted job ended {state}:\n{output}");
        // The SIGTERM slurmctld sends to the job the run requeued did not stop it at once.
        Assert.DoesNotContain("stopping at once", output);
        Assert.Contains($"restart 1", output);
        run.AssertEveryCheckpointVerifies();
        run.AssertSameResultsAs(straight);
    }

    [SlurmFact]
    public void A_run_killed_without_warning_and_requeued_resumes_from_its_last_checkpoint()
    {
        SlurmCluster.Require();
        var straight = Reference();
        var (job, run) = _sample.SubmitRun("killed");
        job.WaitForOutput("Saved checkpoint", occurrences: 3);
        // SIGKILL of the step's process: what a node failure leaves (no signal, no save, no requeue by the run).
        using (var process = Process.GetProcessById(job.StepProcessId())) process.Kill();
        var killed = job.WaitUntilFinished();
        Assert.True(killed.JobState != "COMPLETED", $"The killed job ended {killed}:\n{job.Output}");
        // SLURM requeues a --requeue job whose node failed; here the test does what slurmctld would.
        SlurmCluster.Check("scontrol", "requeue", job.Id);
        var state = job.WaitUntilFinished();
        string output = job.Output;
        Assert.True(state is { JobState: "COMPLETED", ExitCode: "0:0", Restarts: 1 }, $"The requeued job ended {state}:\n{output}");
        Assert.DoesNotContain("Stop (", output); // no graceful stop: it resumed from a periodic checkpoint
        Assert.Contains("Restored checkpoint", output);
        run.AssertEveryCheckpointVerifies();
        run.AssertSameResultsAs(straight);
    }
}
