using System.Text;
using CheckpointGen.Training.Evaluation;
using CheckpointGen.Training.Evaluation.Metrics;
using CheckpointGen.Training.Logging;
using CheckpointGen.Training.Logging.Interactive;
using CheckpointGen.Training.Logging.TensorBoard;
using CheckpointGen.Training.Tests.Evaluation;
using Spectre.Console;

namespace CheckpointGen.Training.Tests.Logging;

public sealed class LoggerPartsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ckpt-logparts-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Crc32c_matches_the_standard_check_value()
    {
        // CRC-32C of "123456789" is 0xE3069283 (RFC 3720, appendix B.4 test vectors use the same polynomial).
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
        Assert.Equal(0u, Crc32C.Compute([]));
    }

    [Theory]
    [InlineData("short")]
    [InlineData(null)]
    public void A_log_file_shorter_than_the_checkpoint_says_or_missing_warns_and_the_run_resumes_after_what_survived(string? survived)
    {
        string path = Path.Combine(_folder, "log.txt");
        var file = new ResumableFile(path);
        file.Append("first line\nsecond line\n");
        using var checkpoint = new MemoryStream();
        Checkpoint.Save(file, checkpoint);
        file.Dispose();
        if (survived is null) File.Delete(path); else File.WriteAllText(path, survived);

        using var fresh = new ResumableFile(path);
        checkpoint.Position = 0;
        var stderr = Console.Error;
        var warnings = new StringWriter();
        Console.SetError(warnings);
        try
        {
            Checkpoint.Restore(fresh, checkpoint);
        }
        finally
        {
            Console.SetError(stderr);
        }

        int length = survived?.Length ?? 0;
        Assert.Contains($"has {length} bytes but the checkpoint says 23 were written", warnings.ToString());
        fresh.Append("redone\n");
        Assert.Equal((survived ?? "") + "redone\n", File.ReadAllText(path));
        Assert.Equal(length + 7, fresh.CommittedLength);
    }

    [Fact]
    public void Restoring_a_log_file_cuts_what_was_written_after_the_checkpoint()
    {
        string path = Path.Combine(_folder, "log.txt");
        var file = new ResumableFile(path);
        file.Append("kept\n");
        using var checkpoint = new MemoryStream();
        Checkpoint.Save(file, checkpoint);
        file.Append("lost\n");
        file.Dispose();

        using var fresh = new ResumableFile(path);
        checkpoint.Position = 0;
        Checkpoint.Restore(fresh, checkpoint);
        Assert.Equal("kept\n", File.ReadAllText(path));
        fresh.Append("redone\n");
        Assert.Equal("kept\nredone\n", File.ReadAllText(path));
    }

    [Fact]
    public void Interactive_logger_draws_spectre_progress_bars_on_an_interactive_console()
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.Yes, Interactive = InteractionSupport.Yes, Out = new AnsiConsoleOutput(output) });
        using var logger = new InteractiveLogger(console);
        Assert.True(logger.ShowsProgressBars);
        var run = new ScriptedRun([new EpochAccuracy(), new ExperienceAccuracy()], [logger]);
        run.EvalAtInit();
        run.TrainAndEval(0);
        string text = output.ToString();
        Assert.Contains("training exp 0 epoch 1", text);
        Assert.Contains("eval test exp 2", text);
        Assert.Contains("100%", text);
        Assert.Contains("\tTop1_Acc_Exp/eval_phase/test_stream/Task000/Exp000 = 1.0000", text);
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
