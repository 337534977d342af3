namespace SplitMnistCheckpointing;

/// <summary>The sample's options (parsed by <see cref="SampleCommandLine"/>). Every option has the guide's default.</summary>
internal sealed record SampleOptions
{
    /// <summary>One of <see cref="StrategyFactory.Names"/>; naive is the guide's (Naive + a replay plugin unless --replay 0).</summary>
    public string Strategy { get; init; } = "naive";

    /// <summary>task (task-incremental, multi-head model: the guide) or class (class-incremental, one head).</summary>
    public string Scenario { get; init; } = "task";

    /// <summary>Replay memory added to Naive (the guide's ReplayPlugin(mem_size=500)); 0 for none. Also the memory of replay, gdumb and the replay family.</summary>
    public int Replay { get; init; } = 500;

    public int Epochs { get; init; } = 2;
    public int BatchSize { get; init; } = 128;
    public int Seed { get; init; } = 1234;

    /// <summary>Where checkpoints, logs and the run summary go.</summary>
    public string Output { get; init; } = Path.Combine("runs", "splitmnist");

    /// <summary>Stop after training and evaluating this experience (the guide's placeholder for an interruption); -1: never.</summary>
    public int ExitEarly { get; init; } = -1;

    /// <summary>Also checkpoint every this many training iterations (0: only after each evaluation, as in the guide).</summary>
    public int SaveEvery { get; init; }

    /// <summary>Failed saves in a row that training goes on after when the disk is full (0: a failed save stops the run, with exit code 74).</summary>
    public int RetryFailedSaves { get; init; }

    /// <summary>Use at most this many training samples per experience (0: all), for quick runs and tests.</summary>
    public int TrainLimit { get; init; }

    /// <summary>Train online: each experience cut into mini-experiences of this many samples, one pass each (0: off).</summary>
    public int Online { get; init; }

    /// <summary>Run without the checkpoint plugin (to measure what checkpointing costs).</summary>
    public bool NoCheckpoints { get; init; }

    /// <summary>Where checkpoints go: null for OUTPUT/checkpoints, or azure://container/prefix, s3://bucket/prefix (see CheckpointStorageChoice).</summary>
    public string? Storage { get; init; }

    /// <summary>Persist checkpoints in the background (BackgroundCheckpointStorage).</summary>
    public bool AsyncSaves { get; init; }

    /// <summary>Print plain lines instead of progress bars.</summary>
    public bool Plain { get; init; }

    /// <summary>cpu, cuda, cuda:1 …</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>
    /// Torch's intra-op threads. 1 by default: for this small MLP with minibatches of 128 a second
    /// thread gains little on an idle machine, and on a busy one its OpenMP workers spin waiting for
    /// each other and training runs several times slower. A resumed run must use the same count as
    /// the original (1 and 2 threads give different bits).
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>
    /// Resume even when the benchmark or a setting differs from the checkpoint's (another seed, batch size…):
    /// without it such a resume is refused, naming what differs (docs/experiment-identity.md).
    /// </summary>
    public bool AcceptChanges { get; init; }
}
