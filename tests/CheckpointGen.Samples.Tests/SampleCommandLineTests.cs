using SplitMnistCheckpointing;

namespace CheckpointGen.Samples.Tests;

/// <summary>The sample's command line: every option reaches its setting, and bad values stop it with a message and exit code 2 before anything runs.</summary>
public sealed class SampleCommandLineTests
{
    private static SampleOptions Parsed(params string[] args)
    {
        SampleOptions? options = null;
        int code = SampleCommandLine.Run(args, o => { options = o; return 0; }, _ => throw new Xunit.Sdk.XunitException("gather ran"));
        Assert.Equal(0, code);
        return options!;
    }

    [Fact]
    public void No_option_gives_the_guides_defaults()
    {
        Assert.Equal(new SampleOptions(), Parsed());
    }

    [Fact]
    public void Every_option_reaches_its_setting()
    {
        var options = Parsed(
            "--strategy", "DER++", "--scenario", "Class", "--replay", "0", "--epochs", "3", "--batch-size", "64", "--seed", "7",
            "--output", "out/x", "--exit-early", "1", "--save-every", "50", "--retry-failed-saves", "2", "--train-limit", "400",
            "--online", "10", "--no-checkpoints", "--storage", "s3://bucket/run", "--async-saves", "--plain", "--device", "cuda:1",
            "--threads", "2", "--accept-changes");
        Assert.Equal(new SampleOptions
        {
            Strategy = "der++", Scenario = "class", Replay = 0, Epochs = 3, BatchSize = 64, Seed = 7, Output = "out/x", ExitEarly = 1,
            SaveEvery = 50, RetryFailedSaves = 2, TrainLimit = 400, Online = 10, NoCheckpoints = true, Storage = "s3://bucket/run",
            AsyncSaves = true, Plain = true, Device = "cuda:1", Threads = 2, AcceptChanges = true,
        }, options);
    }

    [Fact]
    public void An_option_given_twice_takes_its_last_value_so_a_script_can_append_an_override()
    {
        var options = Parsed("--train-limit", "400", "--strategy", "ewc", "--plain", "--train-limit", "100", "--strategy", "lwf", "--plain");
        Assert.Equal((100, "lwf", true), (options.TrainLimit, options.Strategy, options.Plain));
    }

    [Fact]
    public void Gather_takes_its_folder()
    {
        string? folder = null;
        Assert.Equal(0, SampleCommandLine.Run(["gather", "sweep/dir"], _ => throw new Xunit.Sdk.XunitException("training ran"), f => { folder = f; return 0; }));
        Assert.Equal("sweep/dir", folder);
    }

    [Theory]
    [InlineData("--strategy no-such-strategy", "--strategy 'no-such-strategy' is not known here; use one of: naive, replay, ewc, si, lwf,")]
    [InlineData("--scenario diagonal", "--scenario 'diagonal' is not known here; use one of: task, class.")]
    [InlineData("--strategy cope", "--strategy cope is class-incremental and does not use task labels: run it with --scenario class.")]
    [InlineData("--strategy iCaRL --scenario TASK", "--strategy iCaRL is class-incremental and does not use task labels: run it with --scenario class.")]
    [InlineData("--epochs two", "'two'")]
    [InlineData("--threads 0", "--threads must be at least 1, not 0.")]
    [InlineData("--no-such-option", "'--no-such-option'")]
    public void A_bad_value_stops_the_sample_with_a_message_and_exit_code_2(string arguments, string message)
    {
        using var process = SampleProcess.Start(arguments.Split(' '));
        int code = process.WaitForExit(SampleRun.Timeout);
        Assert.True(code == 2, process.Output);
        Assert.Contains(message, process.Output);
        Assert.DoesNotContain("Unhandled exception", process.Output);
    }

    [Fact]
    public void Help_lists_the_options_and_the_exit_codes()
    {
        using var process = SampleProcess.Start(["--help"]);
        Assert.Equal(0, process.WaitForExit(SampleRun.Timeout));
        Assert.Contains("--retry-failed-saves", process.Output);
        Assert.Contains("[default: naive]", process.Output);
        Assert.Contains("Exit codes: 0 done; 75 stopped gracefully", process.Output);
    }
}
