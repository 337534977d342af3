using Xunit.Abstractions;

namespace CheckpointGen.Samples.Tests;

/// <summary>
/// The sample stopped gracefully (SIGTERM, SIGINT, SIGUSR1) and restarted each time ends exactly
/// where an uninterrupted run ends: same weights, same evaluation results, same CSV logs, and no
/// checkpoint is ever unreadable. Kills (SIGKILL) are <see cref="KillCampaignTests"/>.
/// </summary>
public sealed class InterruptedRunTests(ITestOutputHelper log) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ckpt-sample-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    public static TheoryData<string> Strategies => new(SampleStrategies.All);

    private (SampleRun Run, TimeSpan Elapsed) Straight(string strategy, params string[] extra)
    {
        var run = new SampleRun(Path.Combine(_root, "straight"));
        var (code, output, elapsed) = run.RunToEnd(run.Arguments(strategy, extra));
        Assert.True(code == 0, $"Uninterrupted {strategy} run failed with exit code {code}:\n{output}");
        log.WriteLine($"{strategy}: uninterrupted run {elapsed.TotalSeconds:F1} s");
        return (run, elapsed);
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void A_run_stopped_gracefully_by_signals_exits_75_and_resumes_to_the_same_end(string strategy)
    {
        var (straight, _) = Straight(strategy, "--train-limit", "2000");
        var run = new SampleRun(Path.Combine(_root, "stopped"));
        int[] signals = [SampleProcess.SigTerm, SampleProcess.SigUsr1, SampleProcess.SigInt];
        foreach (int signal in signals)
        {
            // 2,000 samples per experience: a signal is handled on a thread-pool thread, and on a busy
            // machine that can take longer than what is left of a very short resumed run.
            using var process = SampleProcess.Start(run.Arguments(strategy, "--train-limit", "2000"));
            // Signalled as soon as it trains, not after its first save: a stop is handled at the next
            // checkpoint point (after one more iteration, so each stop still makes progress), and
            // what is left of a resumed run after its first save can be over before the signal is
            // handled (it was once, for GDumb, on a quiet machine).
            Assert.True(process.WaitForOutput("Start of training phase"), $"The run ended before it trained:\n{process.Output}");
            process.Signal(signal);
            int code = process.WaitForExit(SampleRun.Timeout);
            Assert.True(code == 75, $"A graceful stop (signal {signal}) must exit with 75, not {code}:\n{process.Output}");
            Assert.Contains("Stopped after saving checkpoint", process.Output);
            run.AssertEveryCheckpointVerifies();
        }
        var last = run.RunToEnd(run.Arguments(strategy, "--train-limit", "2000"));
        Assert.True(last.ExitCode == 0, $"The resumed run failed:\n{last.Output}");
        run.AssertSameResultsAs(straight);
    }
}
