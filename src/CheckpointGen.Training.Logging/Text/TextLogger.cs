using CheckpointGen.Training.Checkpointing;
using CheckpointGen.Training.Evaluation;
using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Logging.Text;

/// <summary>
/// Avalanche's TextLogger: banners and metric lines, to a file or to a writer (the console).
/// </summary>
/// <remarks>
/// A file log is a <see cref="ResumableFile"/>: on resume it is cut back to what it held at the
/// checkpoint and continues; <see cref="OnResumed"/> then appends one line saying the run resumed
/// and from which checkpoint. A writer (console) cannot be cut; it only gets the resume line.
/// </remarks>
[Checkpointable]
public sealed partial class TextLogger : IMetricLogger, IResumeAware, IDisposable
{
    /// <summary>The first words of the line written on resume.</summary>
    public const string ResumePrefix = "[TextLogger] Resuming from checkpoint";

    private readonly TextLogFormatter _formatter = new();
    private readonly ResumableFile? _file;
    [CheckpointIgnore] private readonly TextWriter? _writer;

    /// <summary>Logs to the file at <paramref name="path"/>.</summary>
    public TextLogger(string path) => _file = new ResumableFile(path);

    /// <summary>Logs to <paramref name="writer"/> (e.g. <see cref="Console.Out"/>).</summary>
    public TextLogger(TextWriter writer) => _writer = writer ?? throw new ArgumentNullException(nameof(writer));

    /// <summary>Logs to the console.</summary>
    public TextLogger() : this(Console.Out) { }

    /// <inheritdoc/>
    public void OnEvent(StrategyEvent strategyEvent, SupervisedTemplate strategy, IReadOnlyList<MetricValue> values)
    {
        foreach (string line in _formatter.Lines(strategyEvent, strategy, values)) WriteLine(line);
    }

    /// <inheritdoc/>
    public void OnResumed(string checkpointDescription) =>
        WriteLine($"{ResumePrefix} {checkpointDescription}. Current time is {DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss zzz}");

    private void WriteLine(string line)
    {
        if (_file is not null) _file.Append(line + "\n");
        else
        {
            _writer!.Write(line + "\n");
            _writer.Flush();
        }
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _file?.Dispose();
}
