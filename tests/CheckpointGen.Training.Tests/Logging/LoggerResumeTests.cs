using CheckpointGen.Randomness;
using CheckpointGen.Training.Logging.Report;
using CheckpointGen.Training.Logging.Text;
using CheckpointGen.Training.Tests.Evaluation;

namespace CheckpointGen.Training.Tests.Logging;

/// <summary>
/// A run stopped after experience 1 (the checkpoint), which went on writing logs for part of
/// experience 2 before it died, and was then resumed by a freshly built process, leaves the same logs
/// as an uninterrupted run.
/// </summary>
public sealed class LoggerResumeTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ckpt-loggers-" + Guid.NewGuid().ToString("N"));
    private readonly string _straight;
    private readonly string _resumed;
    private readonly string _resumedConsole;

    public LoggerResumeTests()
    {
        _straight = Path.Combine(_root, "straight");
        _resumed = Path.Combine(_root, "resumed");

        RngManager.SetRandomSeeds(3);
        using (var run = new TinyRun(_straight))
            for (int e = 0; e < TinyRun.Experiences; e++) run.TrainAndEval(e);

        string checkpoint = Path.Combine(_root, "after-exp1.ckpt");
        RngManager.SetRandomSeeds(3);
        using (var run = new TinyRun(_resumed))
        {
            run.TrainAndEval(0);
            run.TrainAndEval(1);
            Checkpoint.Save(new RunCheckpoint(run.Strategy), checkpoint);
            run.Strategy.Train(run.Train[2]); // work after the checkpoint that the crash loses
        }

        RngManager.SetRandomSeeds(42);
        using (var run = new TinyRun(_resumed))
        {
            Checkpoint.Restore(new RunCheckpoint(run.Strategy), checkpoint, new CheckpointLoadOptions { AcceptConfigurationChanges = true }); // seeded 42 on purpose
            run.Evaluator.OnResumed($"{checkpoint} (after experience 1)");
            run.TrainAndEval(2);
            _resumedConsole = run.Console.ToString();
        }
    }

    [Fact]
    public void Csv_files_equal_those_of_an_uninterrupted_run()
    {
        foreach (string file in new[] { "training_results.csv", "eval_results.csv" })
        {
            string straight = File.ReadAllText(Path.Combine(_straight, "csv", file));
            Assert.Equal(straight, File.ReadAllText(Path.Combine(_resumed, "csv", file)));
        }
        var eval = File.ReadAllLines(Path.Combine(_resumed, "csv", "eval_results.csv"));
        Assert.Equal("eval_exp,training_exp,eval_accuracy,eval_loss,forgetting", eval[0]);
        Assert.Equal(1 + 3 * 3, eval.Length); // one header, 3 evaluations × 3 experiences
        Assert.Equal(1 + 3 * 2, File.ReadAllLines(Path.Combine(_resumed, "csv", "training_results.csv")).Length);
    }

    [Fact]
    public void Text_log_equals_an_uninterrupted_run_apart_from_one_resume_line_and_timings()
    {
        var resumed = File.ReadAllLines(Path.Combine(_resumed, "log.txt"));
        var resumeLines = resumed.Where(l => l.StartsWith(TextLogger.ResumePrefix, StringComparison.Ordinal)).ToList();
        var line = Assert.Single(resumeLines);
        Assert.Contains("after-exp1.ckpt (after experience 1)", line);
        static IEnumerable<string> Comparable(IEnumerable<string> lines) =>
            lines.Where(l => !l.StartsWith(TextLogger.ResumePrefix, StringComparison.Ordinal) && !l.Contains("Time_", StringComparison.Ordinal));
        var straight = File.ReadAllLines(Path.Combine(_straight, "log.txt"));
        Assert.Equal(Comparable(straight), Comparable(resumed));
        Assert.Contains("\tTop1_Acc_Stream/eval_phase/test_stream/Task000 = ", string.Join("\n", straight));
    }

    [Fact]
    public void TensorBoard_continues_the_same_event_file_with_the_same_steps_no_gaps_no_repeats()
    {
        var straightFile = Assert.Single(Directory.GetFiles(Path.Combine(_straight, "tb")));
        var resumedFile = Assert.Single(Directory.GetFiles(Path.Combine(_resumed, "tb")));
        Assert.Contains("tfevents", Path.GetFileName(resumedFile));
        var straight = TensorBoardFileReader.Read(straightFile);
        var resumed = TensorBoardFileReader.Read(resumedFile);
        Assert.Equal("brain.Event:2", resumed[0].FileVersion);
        Assert.Single(resumed, r => r.FileVersion is not null);

        var straightSeries = Series(straight);
        var resumedSeries = Series(resumed);
        Assert.Equal(straightSeries.Keys.Order(), resumedSeries.Keys.Order());
        foreach (var (tag, points) in resumedSeries)
        {
            var steps = points.Select(p => p.Step).ToList();
            Assert.True(steps.Zip(steps.Skip(1)).All(p => p.First < p.Second), $"{tag}: steps {string.Join(",", steps)} repeat or go back.");
            Assert.Equal(straightSeries[tag].Select(p => p.Step), steps);
            if (!tag.StartsWith("Time_", StringComparison.Ordinal)) Assert.Equal(straightSeries[tag].Select(p => p.Value), points.Select(p => p.Value));
        }
        Assert.Equal(Enumerable.Range(0, 3 * 2 * 6).Select(i => (long)i), resumedSeries["Top1_Acc_MB/train_phase/train_stream/Task000"].Select(p => p.Step));
        Assert.Contains("Top1_ClassAcc_Stream/eval_phase/test_stream/Task000/5", resumedSeries.Keys);
    }

    [Fact]
    public void TensorBoard_holds_the_confusion_matrix_as_a_png_image_after_each_evaluation()
    {
        var records = TensorBoardFileReader.Read(Assert.Single(Directory.GetFiles(Path.Combine(_resumed, "tb"))));
        var images = records.SelectMany(r => r.Values.Where(v => v.Image is not null).Select(v => (r.Step, v.Tag, v.Image!))).ToList();
        Assert.Equal([12L, 24, 36], images.Select(i => i.Step));
        Assert.All(images, i =>
        {
            Assert.Equal("ConfusionMatrix_Stream/eval_phase/test_stream", i.Tag);
            Assert.Equal((i.Item3.Width, i.Item3.Height), PngHeader.Size(i.Item3.Png));
            Assert.Equal((320, 240), (i.Item3.Width, i.Item3.Height));
            Assert.InRange(i.Item3.Colorspace, 3, 4);
        });
    }

    [Fact]
    public void Report_plots_are_pngs_of_the_requested_size_and_the_report_equals_an_uninterrupted_runs()
    {
        string folder = Path.Combine(_resumed, "report");
        foreach (string plot in new[] { ReportLogger.StreamAccuracyFile, ReportLogger.AccuracyMatrixFile })
        {
            var png = File.ReadAllBytes(Path.Combine(folder, plot));
            Assert.True(png.Length > 2000, $"{plot} has {png.Length} bytes: too small to hold a plot.");
            Assert.Equal((TinyRun.PlotWidth, TinyRun.PlotHeight), PngHeader.Size(png));
        }
        string report = File.ReadAllText(Path.Combine(folder, ReportLogger.ReportFile));
        Assert.Equal(File.ReadAllText(Path.Combine(_straight, "report", ReportLogger.ReportFile)), report);
        Assert.Contains($"]({ReportLogger.AccuracyMatrixFile})", report);
        Assert.Equal(3, report.Split('\n').Count(l => l.StartsWith("| 0 |") || l.StartsWith("| 1 |") || l.StartsWith("| 2 |")));
    }

    [Fact]
    public void Interactive_logger_on_a_redirected_console_prints_plain_progress_lines_and_the_resume_line()
    {
        Assert.Contains(TextLogger.ResumePrefix, _resumedConsole);
        Assert.Contains("training exp 2 epoch 1: 6/6 minibatches", _resumedConsole);
        Assert.Contains("eval test exp 2: 2/2 minibatches", _resumedConsole);
        Assert.Contains("> Eval on experience 2 (Task 0) from test stream ended.", _resumedConsole);
        Assert.False(_resumedConsole.Contains('\u001b'), "No ANSI escape sequences on a redirected console.");
    }

    /// <summary>Scalar points per tag, in file order.</summary>
    private static Dictionary<string, List<(long Step, float Value)>> Series(List<TensorBoardFileReader.Record> records)
    {
        var series = new Dictionary<string, List<(long, float)>>();
        foreach (var record in records)
            foreach (var (tag, scalar, _) in record.Values)
                if (scalar is { } value)
                {
                    if (!series.TryGetValue(tag, out var points)) series[tag] = points = [];
                    points.Add((record.Step, value));
                }
        return series;
    }

    public void Dispose()
    {
        // CHECKPOINTGEN_KEEP_TEST_OUTPUT=1 keeps the logs and plots for a look by eye.
        if (Environment.GetEnvironmentVariable("CHECKPOINTGEN_KEEP_TEST_OUTPUT") == "1") return;
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
