using System.CommandLine;
using System.Globalization;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace SplitMnistCheckpointing;

/// <summary>
/// The sample's command line on System.CommandLine: every option of <see cref="SampleOptions"/> with its
/// default, typed and validated before anything runs; a bad value gets one message naming what is
/// accepted and exit code 2. Training runs in the root command's action, synchronously and with no
/// termination handling of the library's, so the run's own <c>GracefulStop</c> keeps every signal.
/// </summary>
internal static class SampleCommandLine
{
    public const int UsageExitCode = 2;

    private const string Description = """
        SplitMNIST with checkpointing: the Avalanche checkpointing guide's main script in C#.

        Run it; interrupt it (Ctrl-C, SIGTERM, SIGUSR1, or --exit-early N); run the same command again: it resumes.
        """;

    private const string Epilogue = """
        Under SLURM (samples/SplitMnistCheckpointing/slurm/*.sbatch), an array task writes to DIR/task-N, and
        SIGUSR1 makes the run save, requeue its job with scontrol and exit with 75.
        After a sweep: SplitMnistCheckpointing gather DIR (tables and a plot of the runs in DIR).

        Exit codes: 0 done; 75 stopped gracefully after a checkpoint (run again to resume); 74 a checkpoint, log or summary
        could not be written or read (disk full, read-only, permission denied, folder removed, fsync failed: the message
        says what to do; run again to resume from the newest checkpoint left); 130 a second Ctrl-C; 1 a locked folder or
        a checkpoint of another experiment; 2 bad arguments.
        """;

    /// <summary>Parses <paramref name="args"/> and runs <paramref name="train"/> with the options, or <paramref name="gather"/> for <c>gather DIR</c>, or prints help.</summary>
    public static int Run(string[] args, Func<SampleOptions, int> train, Func<string, int> gather)
    {
        var defaults = new SampleOptions();
        var strategy = Text("--strategy", "NAME", $"naive (with --replay 500 as in the guide), {string.Join(", ", StrategyFactory.Names.Skip(1))} ({string.Join(", ", StrategyFactory.ClassIncrementalOnly)} with --scenario class)", defaults.Strategy);
        OneOf(strategy, StrategyFactory.Names);
        var scenario = Text("--scenario", "S", "task (task-incremental, multi-head MLP through AsMultitask) or class (class-incremental, one head)", defaults.Scenario);
        OneOf(scenario, ["task", "class"]);
        var replay = Number("--replay", "replay memory added to naive (0 for none); the memory of the replay strategies", defaults.Replay);
        var epochs = Number("--epochs", "epochs per experience", defaults.Epochs);
        var batchSize = Number("--batch-size", "minibatch size", defaults.BatchSize);
        var seed = Number("--seed", "random seed", defaults.Seed);
        var output = Text("--output", "DIR", "checkpoints, logs and summary; one folder per run", defaults.Output);
        var exitEarly = Number("--exit-early", "stop after experience N, as the guide's placeholder (-1: never)", defaults.ExitEarly);
        var saveEvery = Number("--save-every", "also checkpoint every N training iterations (0: after each evaluation only)", defaults.SaveEvery);
        var retryFailedSaves = Number("--retry-failed-saves", "when a save fails because the disk is full, train on and save again at the next checkpoint, up to N failed saves in a row (0: stop at once with exit code 74)", defaults.RetryFailedSaves, minimum: 0);
        var trainLimit = Number("--train-limit", "at most N training samples per experience, for quick runs (0: all)", defaults.TrainLimit);
        var online = Number("--online", "online: each experience cut into mini-experiences of N samples, one pass each (--epochs ignored), evaluated after each experience; --save-every also saves between mini-experiences (0: off)", defaults.Online, minimum: 0);
        var noCheckpoints = new Option<bool>("--no-checkpoints") { Description = "run without the checkpoint plugin" };
        var storage = Text("--storage", "URI", "azure://container/prefix (AZURE_STORAGE_CONNECTION_STRING) or s3://bucket/prefix (AWS credential chain; AWS_ENDPOINT_URL_S3 for an S3-compatible server) instead of OUTPUT/checkpoints", defaults.Storage);
        var asyncSaves = new Option<bool>("--async-saves") { Description = "persist checkpoints in the background (training waits only for the snapshot)" };
        var plain = new Option<bool>("--plain") { Description = "plain log lines instead of progress bars" };
        var device = Text("--device", "D", "cpu, cuda, cuda:1 …", defaults.Device);
        var threads = Number("--threads", "torch intra-op threads (a resumed run must use the same number)", defaults.Threads, minimum: 1);
        var acceptChanges = new Option<bool>("--accept-changes") { Description = "resume even if the benchmark or a setting differs from the checkpoint's (refused otherwise, naming what differs)" };

        var folder = new Argument<string>("DIR") { Description = "the sweep's folder: one run folder per task" };
        var gatherCommand = new Command("gather", "Reads DIR/*/summary.json and writes DIR/sweep.csv, DIR/sweep_by_strategy.csv and DIR/sweep.png. Exit codes: 0 written, 1 nothing to gather or an unreadable summary, 2 bad arguments.") { folder };
        gatherCommand.SetAction(parsed => gather(parsed.GetValue(folder)!));

        var root = new RootCommand(Description)
        {
            strategy, scenario, replay, epochs, batchSize, seed, output, exitEarly, saveEvery, retryFailedSaves, trainLimit, online,
            noCheckpoints, storage, asyncSaves, plain, device, threads, acceptChanges, gatherCommand,
        };
        root.Validators.Add(result =>
        {
            string? name = result.GetValue(strategy), shape = result.GetValue(scenario) ?? defaults.Scenario;   // null when not given here
            if (name is not null && string.Equals(shape, "task", StringComparison.OrdinalIgnoreCase) && StrategyFactory.ClassIncrementalOnly.Contains(name, StringComparer.OrdinalIgnoreCase))
                result.AddError($"--strategy {name} is class-incremental and does not use task labels: run it with --scenario class.");
        });
        root.SetAction(parsed => train(new SampleOptions
        {
            Strategy = parsed.GetValue(strategy)!.ToLowerInvariant(),
            Scenario = parsed.GetValue(scenario)!.ToLowerInvariant(),
            Replay = parsed.GetValue(replay),
            Epochs = parsed.GetValue(epochs),
            BatchSize = parsed.GetValue(batchSize),
            Seed = parsed.GetValue(seed),
            Output = parsed.GetValue(output)!,
            ExitEarly = parsed.GetValue(exitEarly),
            SaveEvery = parsed.GetValue(saveEvery),
            RetryFailedSaves = parsed.GetValue(retryFailedSaves),
            TrainLimit = parsed.GetValue(trainLimit),
            Online = parsed.GetValue(online),
            NoCheckpoints = parsed.GetValue(noCheckpoints),
            Storage = parsed.GetValue(storage),
            AsyncSaves = parsed.GetValue(asyncSaves),
            Plain = parsed.GetValue(plain),
            Device = parsed.GetValue(device)!,
            Threads = parsed.GetValue(threads),
            AcceptChanges = parsed.GetValue(acceptChanges),
        }));
        foreach (var help in root.Options.OfType<HelpOption>())
            if (help.Action is HelpAction standard) help.Action = new HelpWithEpilogue(standard, root);

        var parsedArgs = root.Parse(args);
        if (parsedArgs.Errors.Count > 0 && parsedArgs.Action is not { ClearsParseErrors: true })
        {
            Console.Error.WriteLine(parsedArgs.Errors[0].Message.ReplaceLineEndings(" ").Replace("\t", "", StringComparison.Ordinal));
            Console.Error.WriteLine(parsedArgs.CommandResult.Command == gatherCommand ? SweepGather.Usage : "Run with --help for the list.");
            return UsageExitCode;
        }
        return parsedArgs.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
    }

    /// <summary>Accepts only <paramref name="names"/> (in any case), naming them all when the value is another.</summary>
    private static void OneOf(Option<string> option, string[] names) =>
        option.Validators.Add(result =>
        {
            string? value = result.GetValueOrDefault<string>();
            if (value is not null && !names.Contains(value, StringComparer.OrdinalIgnoreCase))
                result.AddError($"{option.Name} '{value}' is not known here; use one of: {string.Join(", ", names)}.");
        });

    /// <summary>
    /// An option given more than once takes its last value, as the sample always did: scripts and tests
    /// append an override to a standard set of arguments.
    /// </summary>
    private static Option<string> Text(string name, string helpName, string description, string? defaultValue)
    {
        var option = new Option<string>(name) { HelpName = helpName, Description = description, Arity = ArgumentArity.OneOrMore };
        option.CustomParser = result => result.Tokens.Count > 0 ? result.Tokens[^1].Value : defaultValue!;
        if (defaultValue is not null) option.DefaultValueFactory = _ => defaultValue;
        return option;
    }

    private static Option<int> Number(string name, string description, int defaultValue, int? minimum = null)
    {
        var option = new Option<int>(name) { HelpName = "N", Description = description, DefaultValueFactory = _ => defaultValue, Arity = ArgumentArity.OneOrMore };
        option.CustomParser = result =>
        {
            if (result.Tokens.Count == 0) return defaultValue;
            string token = result.Tokens[^1].Value;
            if (int.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)) return value;
            result.AddError($"{name} needs a whole number, not '{token}'.");
            return defaultValue;
        };
        if (minimum is { } least)
            option.Validators.Add(result =>
            {
                int value = result.GetValueOrDefault<int>();
                if (value < least) result.AddError($"{name} must be at least {least}, not {value}.");
            });
        return option;
    }

    /// <summary>The generated help, then what a person running it under SLURM or from a script needs: the sweep command and the exit codes.</summary>
    private sealed class HelpWithEpilogue(HelpAction standard, RootCommand root) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            int result = standard.Invoke(parseResult);
            if (parseResult.CommandResult.Command == root) parseResult.InvocationConfiguration.Output.WriteLine(Environment.NewLine + Epilogue);
            return result;
        }
    }
}
