using System.Globalization;

namespace SplitMnistCheckpointing;

/// <summary>The sample's command line. Every option has the guide's default.</summary>
internal sealed record SampleOptions
{
    /// <summary>naive (the guide: Naive + a replay plugin unless --replay 0), replay, ewc, si, lwf, gem, agem, gdumb, der, der++, er-ace, er-aml, mir, gss.</summary>
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

    public static SampleOptions Parse(string[] args)
    {
        var options = new SampleOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"Option {name} needs a value.");
            int Int() => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : throw new ArgumentException($"Option {name} needs a whole number.");
            options = name switch
            {
                "--strategy" => options with { Strategy = Value().ToLowerInvariant() },
                "--scenario" => options with { Scenario = Value().ToLowerInvariant() },
                "--replay" => options with { Replay = Int() },
                "--epochs" => options with { Epochs = Int() },
                "--batch-size" => options with { BatchSize = Int() },
                "--seed" => options with { Seed = Int() },
                "--output" => options with { Output = Value() },
                "--exit-early" => options with { ExitEarly = Int() },
                "--save-every" => options with { SaveEvery = Int() },
                "--train-limit" => options with { TrainLimit = Int() },
                "--retry-failed-saves" => options with { RetryFailedSaves = Int() },
                "--online" => options with { Online = Int() },
                "--no-checkpoints" => options with { NoCheckpoints = true },
                "--storage" => options with { Storage = Value() },
                "--async-saves" => options with { AsyncSaves = true },
                "--plain" => options with { Plain = true },
                "--device" => options with { Device = Value() },
                "--threads" => options with { Threads = Int() },
                "--accept-changes" => options with { AcceptChanges = true },
                "--help" or "-h" => throw new HelpRequested(),
                _ => throw new ArgumentException($"Unknown option '{name}'. Run with --help for the list."),
            };
        }
        if (options.RetryFailedSaves < 0) throw new ArgumentException($"--retry-failed-saves must be 0 or more, not {options.RetryFailedSaves}.");
        if (options.Threads < 1) throw new ArgumentException($"--threads must be at least 1, not {options.Threads}.");
        if (options.Online < 0) throw new ArgumentException($"--online must be a number of samples (0 for off), not {options.Online}.");
        if (options.Scenario is not ("task" or "class")) throw new ArgumentException($"--scenario must be 'task' or 'class', not '{options.Scenario}'.");
        return options;
    }

    public const string Usage = """
        SplitMNIST with checkpointing: the Avalanche checkpointing guide's main script in C#.

        Run it; interrupt it (Ctrl-C, SIGTERM, SIGUSR1, or --exit-early N); run the same command again: it resumes.

          --strategy NAME     naive (default; with --replay 500 as in the guide), replay, ewc, si, lwf, gem, agem, gdumb,
                              der, der++, er-ace, er-aml, mir, gss
          --scenario S        task (default: task-incremental, multi-head MLP through AsMultitask) or class
          --replay N          replay memory added to naive (default 500; 0 for none); the memory of the replay strategies
          --epochs N          epochs per experience (default 2)
          --batch-size N      minibatch size (default 128)
          --seed N            random seed (default 1234)
          --output DIR        checkpoints, logs and summary (default runs/splitmnist); one folder per run
          --exit-early N      stop after experience N, as the guide's placeholder
          --save-every N      also checkpoint every N training iterations (default: after each evaluation only)
          --retry-failed-saves N
                              when a save fails because the disk is full, train on and save again at the next
                              checkpoint, up to N failed saves in a row (default 0: stop at once with exit code 74)
          --train-limit N     at most N training samples per experience (quick runs)
          --online N          online: each experience cut into mini-experiences of N samples, one pass each (--epochs
                              ignored), evaluated after each experience; --save-every also saves between mini-experiences
          --no-checkpoints    run without the checkpoint plugin
          --storage URI       azure://container/prefix (AZURE_STORAGE_CONNECTION_STRING) or s3://bucket/prefix
                              (AWS credential chain; AWS_ENDPOINT_URL_S3 for an S3-compatible server)
                              instead of OUTPUT/checkpoints
          --async-saves       persist checkpoints in the background (training waits only for the snapshot)
          --plain             plain log lines instead of progress bars
          --device D          cpu (default), cuda, cuda:1 …
          --threads N         torch intra-op threads (default 1; a resumed run must use the same number)
          --accept-changes    resume even if the benchmark or a setting differs from the checkpoint's
                              (refused otherwise, naming what differs)

        Under SLURM (samples/SplitMnistCheckpointing/slurm/*.sbatch), an array task writes to DIR/task-N, and
        SIGUSR1 makes the run save, requeue its job with scontrol and exit with 75.
        After a sweep: SplitMnistCheckpointing gather DIR (tables and a plot of the runs in DIR).

        Exit codes: 0 done; 75 stopped gracefully after a checkpoint (run again to resume); 74 a checkpoint, log or summary
        could not be written or read (disk full, read-only, permission denied, folder removed, fsync failed: the message
        says what to do; run again to resume from the newest checkpoint left); 130 a second Ctrl-C; 1 a locked folder or
        a checkpoint of another experiment; 2 bad arguments.
        """;
}

internal sealed class HelpRequested : Exception;
