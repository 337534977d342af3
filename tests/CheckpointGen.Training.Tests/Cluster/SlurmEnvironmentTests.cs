using System.Runtime.InteropServices;
using CheckpointGen.Training.Checkpointing;
using CheckpointGen.Training.Cluster;
using Xunit;

namespace CheckpointGen.Training.Tests.Cluster;

/// <summary>
/// What <see cref="SlurmEnvironment"/> reads from SLURM's variables and how it requeues. The
/// requeue runs a stand-in scontrol (a shell script recording its arguments); the real one is
/// exercised against a real cluster by the sample's SLURM tests.
/// </summary>
public sealed class SlurmEnvironmentTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ckpt-slurm-env-").FullName;
    private readonly List<string> _log = [];

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static SlurmEnvironment? From(params (string Name, string Value)[] variables) =>
        SlurmEnvironment.FromVariables(name => variables.FirstOrDefault(v => v.Name == name).Value);

    private static readonly (string, string)[] ArrayTask =
    [
        ("SLURM_JOB_ID", "17"), ("SLURM_ARRAY_JOB_ID", "14"), ("SLURM_ARRAY_TASK_ID", "3"), ("SLURM_ARRAY_TASK_COUNT", "4"),
        ("SLURM_RESTART_COUNT", "2"), ("SLURM_JOB_NAME", "sweep"), ("SLURM_PROCID", "0"), ("ENVIRONMENT", "BATCH"),
    ];

    [Fact]
    public void Outside_SLURM_there_is_no_environment()
    {
        Assert.Null(From());
        Assert.Null(From(("SLURM_ARRAY_TASK_ID", "3")));
    }

    [Fact]
    public void An_array_task_is_read_whole_and_requeued_as_array_job_underscore_task()
    {
        var slurm = From(ArrayTask)!;
        Assert.Equal("17", slurm.JobId);
        Assert.True(slurm.IsArrayTask);
        Assert.Equal(3, slurm.ArrayTaskId);
        Assert.Equal(4, slurm.ArrayTaskCount);
        Assert.Equal(2, slurm.RestartCount);
        Assert.Equal("sweep", slurm.JobName);
        Assert.True(slurm.IsBatchJob);
        Assert.Equal("14_3", slurm.RequeueId);
        Assert.Equal(Path.Combine("runs", "sweep", "task-3"), slurm.RunFolder(Path.Combine("runs", "sweep")));
        Assert.Equal("SLURM batch job 14_3 'sweep', array task 3 (of 4 tasks), restart 2", slurm.ToString());
    }

    [Fact]
    public void A_single_job_keeps_its_folder_and_is_requeued_by_its_id()
    {
        var slurm = From(("SLURM_JOB_ID", "9"), ("ENVIRONMENT", "BATCH"))!;
        Assert.False(slurm.IsArrayTask);
        Assert.Equal(0, slurm.RestartCount); // SLURM sets no SLURM_RESTART_COUNT before the first requeue
        Assert.Equal("9", slurm.RequeueId);
        Assert.Equal("out", slurm.RunFolder("out"));
    }

    [Theory]
    [InlineData("SLURM_JOB_ID", "12a")]
    [InlineData("SLURM_ARRAY_TASK_ID", "-1")]
    [InlineData("SLURM_RESTART_COUNT", "one")]
    public void A_variable_SLURM_never_writes_is_refused_by_name(string name, string value)
    {
        var e = Assert.Throws<ArgumentException>(() => SlurmEnvironment.FromVariables(n => n == name ? value : n == "SLURM_JOB_ID" ? "12" : null));
        Assert.Contains(name, e.Message);
        Assert.Contains($"'{value}'", e.Message);
    }

    private GracefulStop StoppedBy(PosixSignal signal)
    {
        var stop = new GracefulStop(_ => { }, signals: null, exit: _ => { }, register: false);
        stop.Handle(signal);
        return stop;
    }

    /// <summary>A stand-in scontrol that appends its arguments to a file, runs <paramref name="then"/> and exits with <paramref name="exitCode"/>.</summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private (string Command, string Calls) FakeScontrol(int exitCode, string message = "", string then = "")
    {
        string calls = Path.Combine(_root, "calls.txt");
        string script = Path.Combine(_root, $"scontrol-{exitCode}");
        File.WriteAllText(script, $"#!/bin/sh\necho \"$@\" >> '{calls}'\n{(message.Length > 0 ? $"echo '{message}' >&2\n" : "")}{then}\nexit {exitCode}\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return (script, calls);
    }

    [Fact]
    public void The_requeue_signal_requeues_the_array_task_with_scontrol()
    {
        if (!OperatingSystem.IsLinux()) return; // a shell script as scontrol, SIGUSR1's number
        var (scontrol, calls) = FakeScontrol(0);
        var slurm = From(ArrayTask)! with { Scontrol = scontrol, IgnoreTermAfterRequeue = false };
        Assert.True(slurm.RequeueAfterStop(StoppedBy(StopSignals.Usr1), _log.Add));
        Assert.Equal("requeue 14_3", File.ReadAllText(calls).Trim());
        Assert.Contains("Requeued SLURM job 14_3", Assert.Single(_log));
    }

    [Theory]
    [InlineData("TERM")] // the requeue it asked for: slurmstepd signals every process of the job
    [InlineData("USR1")] // the warning signal again (scancel twice, or SLURM's own retries)
    [InlineData("INT")]
    public void A_scontrol_that_the_job_step_s_signals_reach_still_reports_the_requeue(string signal)
    {
        if (!OperatingSystem.IsLinux()) return;
        var (scontrol, calls) = FakeScontrol(0, then: $"kill -{signal} $$");
        var slurm = From(ArrayTask)! with { Scontrol = scontrol, IgnoreTermAfterRequeue = false };
        Assert.True(slurm.Requeue(_log.Add), string.Join("\n", _log));
        Assert.Equal("requeue 14_3", File.ReadAllText(calls).Trim());
    }

    [Fact]
    public void Other_stops_are_not_requeued()
    {
        if (!OperatingSystem.IsLinux()) return;
        var (scontrol, calls) = FakeScontrol(0);
        var slurm = From(ArrayTask)! with { Scontrol = scontrol, IgnoreTermAfterRequeue = false };
        Assert.False(slurm.RequeueAfterStop(StoppedBy(PosixSignal.SIGTERM), _log.Add)); // scancel, a time limit without warning
        var requested = new GracefulStop(_ => { }, signals: null, exit: _ => { }, register: false);
        requested.Request();
        Assert.False(slurm.RequeueAfterStop(requested, _log.Add));
        Assert.False((slurm with { AutoRequeue = false }).RequeueAfterStop(StoppedBy(StopSignals.Usr1), _log.Add));
        Assert.False((slurm with { ProcessRank = 1 }).RequeueAfterStop(StoppedBy(StopSignals.Usr1), _log.Add));
        Assert.False(File.Exists(calls));
        Assert.Empty(_log);
    }

    [Fact]
    public void An_interactive_job_is_not_requeued_and_says_why()
    {
        if (!OperatingSystem.IsLinux()) return;
        var (scontrol, calls) = FakeScontrol(0);
        var slurm = From(("SLURM_JOB_ID", "9"))! with { Scontrol = scontrol, IgnoreTermAfterRequeue = false };
        Assert.False(slurm.RequeueAfterStop(StoppedBy(StopSignals.Usr1), _log.Add));
        Assert.False(File.Exists(calls));
        Assert.Contains("not a batch job", Assert.Single(_log));
    }

    [Fact]
    public void A_failing_scontrol_is_reported_with_its_message_and_the_checkpoint_is_kept()
    {
        if (!OperatingSystem.IsLinux()) return;
        var (scontrol, _) = FakeScontrol(1, "scontrol: error: Requeue of JobId=9 failed: Access/permission denied");
        var slurm = From(("SLURM_JOB_ID", "9"), ("ENVIRONMENT", "BATCH"))! with { Scontrol = scontrol, IgnoreTermAfterRequeue = false };
        Assert.False(slurm.RequeueAfterStop(StoppedBy(StopSignals.Usr1), _log.Add));
        string line = Assert.Single(_log);
        Assert.Contains("Could not requeue SLURM job 9", line);
        Assert.Contains("exit code 1", line);
        Assert.Contains("Access/permission denied", line);
        Assert.Contains("The checkpoint is kept", line);
    }

    [Fact]
    public void A_missing_scontrol_is_reported_and_the_checkpoint_is_kept()
    {
        var slurm = From(("SLURM_JOB_ID", "9"), ("ENVIRONMENT", "BATCH"))! with { Scontrol = Path.Combine(_root, "no-such-scontrol"), IgnoreTermAfterRequeue = false };
        Assert.False(slurm.Requeue(_log.Add));
        string line = Assert.Single(_log);
        Assert.Contains("was not found", line);
        Assert.Contains("The checkpoint is kept", line);
    }
}
