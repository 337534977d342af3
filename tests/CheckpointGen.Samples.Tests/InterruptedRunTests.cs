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

    /// <summary>What the kill test runs: issue 17's strategies and two online runs (the sample's --online: MIR and CoPE); the kill campaign covers the other strategies.</summary>
    public static TheoryData<string, int> KilledRuns
    {
        get
        {
            var runs = new TheoryData<string, int>();
            foreach (string strategy in SampleStrategies.ReplayFamily) runs.Add(strategy, 0);
            foreach (string strategy in SampleStrategies.ScratchRWalkCopeGenerative) runs.Add(strategy, 0);
            foreach (string strategy in SampleStrategies.ExemplarFamily) runs.Add(strategy, 0);
            runs.Add("mir", SampleStrategies.OnlineExperienceSize);
            runs.Add(SampleStrategies.Cope, SampleStrategies.OnlineExperienceSize);
            return runs;
        }
    }

    /// <summary>What the graceful-stop test runs: issue 8's strategies, and one online run.</summary>
    public static TheoryData<string, int> StoppedRuns
    {
        get
        {
            var runs = new TheoryData<string, int>();
            foreach (string strategy in SampleStrategies.All) runs.Add(strategy, 0);
            runs.Add("naive", SampleStrategies.OnlineExperienceSize);
            return runs;
        }
    }

    /// <summary>Saves every 2 iterations on 2,000 samples per experience, so that a kill can land in a save.</summary>
    private static readonly string[] KillTestOptions = ["--save-every", "2", "--train-limit", "2000"];

    private static string[] Online(int size, params string[] options) => size > 0 ? [.. options, "--online", size.ToString(System.Globalization.CultureInfo.InvariantCulture)] : options;

    private (SampleRun Run, TimeSpan Elapsed) Straight(string strategy, params string[] extra)
    {
        var run = new SampleRun(Path.Combine(_root, "straight"));
        var (code, output, elapsed) = run.RunToEnd(run.Arguments(strategy, extra));
        Assert.True(code == 0, $"Uninterrupted {strategy} run failed with exit code {code}:\n{output}");
        log.WriteLine($"{strategy}: uninterrupted run {elapsed.TotalSeconds:F1} s");
        return (run, elapsed);
    }

    [Theory]
    [MemberData(nameof(KilledRuns))]
    public void A_run_killed_at_random_moments_and_restarted_ends_as_an_uninterrupted_run(string strategy, int online)
    {
        string[] options = [.. Online(online, KillTestOptions), .. SampleStrategies.OptionsOf(strategy)];
        var (straight, duration) = Straight(strategy, options);
        var run = new SampleRun(Path.Combine(_root, "killed"));
        var random = new Random(strategy.Sum(c => c) + online); // the same kill moments every time for a run
        int kills = 0, duringSave = 0;
        for (int attempt = 0; attempt < 4; attempt++)
        {
            using var process = SampleProcess.Start(run.Arguments(strategy, options));
            // Each run first makes progress (one checkpoint of its own), then dies: at a random moment,
            // or in the middle of its next save.
            if (!process.WaitForOutput("Saved checkpoint")) break;
            // The first stop lands in a save, while most of the run's saves are still ahead of it.
            bool inSave = attempt % 2 == 0;
            bool killed = inSave
                ? KillCampaign.KillDuringSave(process, run)
                : KillCampaign.KillAfter(process, duration * (0.2 * random.NextDouble()));
            if (!killed) break;
            kills++;
            if (inSave) duringSave++;
            run.AssertEveryCheckpointVerifies();
        }
        var last = run.RunToEnd(run.Arguments(strategy, options));
        Assert.True(last.ExitCode == 0, $"The resumed run failed:\n{last.Output}");
        log.WriteLine($"{strategy}{(online > 0 ? " online" : "")}: {kills} SIGKILLs ({duringSave} during a save)");
        Assert.True(kills >= 2, "The run finished before it could be killed twice; the test proves nothing.");
        Assert.True(duringSave >= 1, "No kill landed during a save.");
        run.AssertSameResultsAs(straight);
    }

    [Theory]
    [MemberData(nameof(StoppedRuns))]
    public void A_run_stopped_gracefully_by_signals_exits_75_and_resumes_to_the_same_end(string strategy, int online)
    {
        var options = Online(online, "--train-limit", "2000");
        var (straight, _) = Straight(strategy, options);
        var run = new SampleRun(Path.Combine(_root, "stopped"));
        int[] signals = [SampleProcess.SigTerm, SampleProcess.SigUsr1, SampleProcess.SigInt];
        foreach (int signal in signals)
        {
            // 2,000 samples per experience: a signal is handled on a thread-pool thread, and on a busy
            // machine that can take longer than what is left of a very short resumed run.
            using var process = SampleProcess.Start(run.Arguments(strategy, options));
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
        var last = run.RunToEnd(run.Arguments(strategy, options));
        Assert.True(last.ExitCode == 0, $"The resumed run failed:\n{last.Output}");
        run.AssertSameResultsAs(straight);
    }
}
