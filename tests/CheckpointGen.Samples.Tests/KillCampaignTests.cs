using Xunit.Abstractions;

namespace CheckpointGen.Samples.Tests;

/// <summary>
/// The bounded kill campaign: 6 SIGKILLs at random moments per strategy of the sample (48 in all),
/// saving every iteration. CHECKPOINTGEN_KILLS sets the total for the long run, and
/// CHECKPOINTGEN_KILL_LOG names a file that gets a line per round, to follow it (docs/reliability.md).
/// </summary>
public sealed class KillCampaignTests(ITestOutputHelper log) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ckpt-kills-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    public static TheoryData<string> Strategies => new(SampleStrategies.All);

    /// <summary>The campaign's kills divided among the strategies (at least one each).</summary>
    private static int KillsPerStrategy
    {
        get
        {
            string? total = Environment.GetEnvironmentVariable("CHECKPOINTGEN_KILLS");
            if (string.IsNullOrEmpty(total)) return 6;
            if (!int.TryParse(total, out int kills) || kills < 1) throw new ArgumentException($"CHECKPOINTGEN_KILLS must be a positive number of kills, not '{total}'.");
            return Math.Max(1, (kills + SampleStrategies.All.Length - 1) / SampleStrategies.All.Length);
        }
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void A_run_saving_every_iteration_killed_at_random_moments_always_leaves_a_verified_checkpoint_and_ends_as_an_uninterrupted_run(string strategy)
    {
        var result = new KillCampaign(_root, Log).Run(strategy, KillsPerStrategy, seed: strategy.Sum(c => c));
        Log(result.ToString());
        Assert.Equal(KillsPerStrategy, result.Kills);
    }

    private void Log(string line)
    {
        log.WriteLine(line);
        if (Environment.GetEnvironmentVariable("CHECKPOINTGEN_KILL_LOG") is { Length: > 0 } file)
            File.AppendAllText(file, $"{DateTime.UtcNow:HH:mm:ss} {line}{Environment.NewLine}");
    }
}
