using System.Diagnostics;
using CheckpointGen.Storage;

namespace CheckpointGen.Samples.Tests;

/// <summary>
/// The kill campaign (docs/reliability.md, "A thousand kills"): the sample, saving every iteration,
/// is killed with SIGKILL at random moments and started again, over and over. After every kill the
/// newest listed checkpoint must verify; when a run gets to its end, its weights, evaluation results
/// and CSV logs must equal those of an uninterrupted run, and the next round starts in a fresh folder.
/// A kill that leaves a temporary checkpoint file behind landed inside a save; the first kill is
/// aimed at a save, the others come at random moments.
/// </summary>
internal sealed class KillCampaign(string root, Action<string> log)
{
    /// <summary>Saves every iteration, on 2,000 samples per experience (315 saves a run), so that many kills land in a save.</summary>
    public static readonly string[] Options = ["--save-every", "1", "--train-limit", "2000"];

    /// <summary>A kill comes at a random moment within this fraction of an uninterrupted run's duration after the run's first save.</summary>
    private const double MaxDelayFraction = 0.1;

    public sealed record Result(string Strategy, int Kills, int InSave, int Rounds, TimeSpan Elapsed)
    {
        public override string ToString() =>
            $"{Strategy}: {Kills} SIGKILLs, {InSave} inside a save, {Rounds} run(s) to the end compared, {Elapsed.TotalSeconds:F0} s";
    }

    /// <summary>Kills <paramref name="strategy"/>'s run <paramref name="kills"/> times (moments drawn from <paramref name="seed"/>) and checks each run that got to its end.</summary>
    public Result Run(string strategy, int kills, int seed)
    {
        var watch = Stopwatch.StartNew();
        var straight = new SampleRun(Path.Combine(root, strategy, "straight"));
        var (code, output, duration) = straight.RunToEnd(straight.Arguments(strategy, Options));
        Assert.True(code == 0, $"The uninterrupted {strategy} run failed with exit code {code}:\n{output}");
        var random = new Random(seed);
        int done = 0, inSave = 0, rounds = 0;
        while (done < kills)
        {
            var run = new SampleRun(Path.Combine(root, strategy, $"killed-{rounds}"));
            int before = done;
            bool finished = false;
            while (done < kills && !finished)
            {
                using var process = SampleProcess.Start(run.Arguments(strategy, Options));
                // Each start first makes progress (a checkpoint of its own), so that the campaign moves on.
                // The campaign's first kill is aimed at a save, so that every campaign, however short, has one there.
                bool killed = process.WaitForOutput("Saved checkpoint") && (done == 0
                    ? KillDuringSave(process, run)
                    : KillAfter(process, duration * (MaxDelayFraction * random.NextDouble())));
                if (!killed)
                {
                    AssertFinished(process, strategy);
                    finished = true;
                    break;
                }
                done++;
                if (run.TemporaryFiles().Length > 0) inSave++;
                AssertNewestCheckpointVerifies(run, strategy, done);
            }
            if (!finished)
            {
                var last = run.RunToEnd(run.Arguments(strategy, Options));
                Assert.True(last.ExitCode == 0, $"The resumed {strategy} run failed with exit code {last.ExitCode}:\n{last.Output}");
            }
            run.AssertSameResultsAs(straight);
            rounds++;
            log($"{strategy} round {rounds}: {done - before} kills ({inSave} inside a save so far), same weights, evaluation results and CSV logs as the uninterrupted run, {watch.Elapsed.TotalSeconds:F0} s");
            Directory.Delete(run.Output, recursive: true);
        }
        Directory.Delete(straight.Output, recursive: true);
        return new Result(strategy, done, inSave, rounds, watch.Elapsed);
    }

    /// <summary>A run that ended before it could be killed must have ended well.</summary>
    private static void AssertFinished(SampleProcess process, string strategy)
    {
        int code = process.WaitForExit(SampleRun.Timeout);
        Assert.True(code == 0, $"A {strategy} run ended by itself with exit code {code}:\n{process.Output}");
    }

    /// <summary>The checkpoint a new run would resume from must pass a full verification (structure and every checksum).</summary>
    private static void AssertNewestCheckpointVerifies(SampleRun run, string strategy, int kill)
    {
        var newest = Directory.GetFiles(run.CheckpointFolder, FileSystemCheckpointStorage.FilePrefix + "*" + FileSystemCheckpointStorage.FileExtension)
            .Order(StringComparer.Ordinal).LastOrDefault();
        Assert.True(newest is not null, $"No checkpoint is listed after kill {kill} of {strategy}, though the run had saved one.");
        try
        {
            Checkpoint.Verify(newest);
        }
        catch (CheckpointException e)
        {
            Assert.Fail($"After kill {kill} of {strategy}, the newest checkpoint {newest} does not verify: {e.Message}");
        }
    }

    /// <summary>Kills the process while it writes a checkpoint (a new temporary file exists); false when it finished first.</summary>
    internal static bool KillDuringSave(SampleProcess process, SampleRun run)
    {
        if (!run.WaitForSaveInProgress(process)) return false;
        process.KillHard();
        return true;
    }

    /// <summary>Kills the process after <paramref name="delay"/>; false when it finished first.</summary>
    internal static bool KillAfter(SampleProcess process, TimeSpan delay)
    {
        var deadline = DateTime.UtcNow + delay;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) return false;
            Thread.Sleep(1);
        }
        if (process.HasExited) return false;
        process.KillHard();
        return true;
    }
}
