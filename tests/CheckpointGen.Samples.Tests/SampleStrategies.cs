namespace CheckpointGen.Samples.Tests;

/// <summary>The strategies the interrupted-run proofs run, as the sample names them.</summary>
internal static class SampleStrategies
{
    /// <summary>Issue 8's strategies: killed and stopped gracefully.</summary>
    public static readonly string[] All = ["naive", "replay", "ewc", "si", "lwf", "gem", "agem", "gdumb"];

    /// <summary>Issue 17's replay family: killed only (stopping gracefully takes the same path whatever the strategy).</summary>
    public static readonly string[] ReplayFamily = ["der", "der++", "er-ace", "er-aml", "mir", "gss"];

    /// <summary>Issue 17's from-scratch training, RWalk, CoPE and generative replay: killed only, as the replay family.</summary>
    public static readonly string[] ScratchRWalkCopeGenerative = ["from-scratch", "rwalk", "generative-replay"];
    /// <summary>Issue 17's class-incremental exemplar strategies: killed only, on the class-incremental scenario (<see cref="OptionsOf"/>).</summary>
    public static readonly string[] ExemplarFamily = ["icarl", "bic"];

    /// <summary>Issue 17's CoPE: killed only, online (its setting) and class-incremental.</summary>
    public const string Cope = "cope";

    /// <summary>The strategies that do not use task labels, run on the class-incremental scenario (<see cref="OptionsOf"/>).</summary>
    private static readonly string[] ClassIncremental = [.. ExemplarFamily, Cope, "generative-replay"];

    /// <summary>
    /// The options a strategy needs beside the test's own (they come last and win): the exemplar family, CoPE and generative
    /// replay run class-incremental; generative replay also trains its generator and saves it with two copies, so it runs on
    /// fewer samples per experience to keep its test as short as the others'.
    /// </summary>
    public static string[] OptionsOf(string strategy) => strategy switch
    {
        "generative-replay" => ["--scenario", "class", "--train-limit", "600"],
        _ when ClassIncremental.Contains(strategy) => ["--scenario", "class"],
        _ => [],
    };

    /// <summary>Online runs (mini-experiences of this many samples): one killed, one stopped gracefully.</summary>
    public const int OnlineExperienceSize = 25;
}
