using CheckpointGen.Training.Evaluation;
using CheckpointGen.Training.Logging.Report;
using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Logging.TensorBoard;

/// <summary>
/// Avalanche's TensorboardLogger: writes a TensorBoard event file in a run directory, with a scalar
/// for every scalar metric (per-class values as <c>name/class</c>) and every matrix metric (the
/// confusion matrix) as a PNG image, each at its metric's x position as step.
/// </summary>
/// <remarks>
/// The event file is a <see cref="ResumableFile"/> whose name is checkpointed: on resume the same
/// file in the same directory is cut back to the checkpoint and continued, so every tag's steps go on
/// with no gap and no repeat.
/// </remarks>
[Checkpointable]
public sealed partial class TensorBoardLogger : IMetricLogger, IDisposable
{
    // Only makes two loggers created in one process name different files; the name itself is saved.
#pragma warning disable CKPT0005
    private static int s_fileCounter;
#pragma warning restore CKPT0005
    private readonly ResumableFile _file;
    [CheckpointIgnore] private readonly int _imageWidth;
    [CheckpointIgnore] private readonly int _imageHeight;

    /// <summary>Logs into <paramref name="logDirectory"/> (default <c>./tb_data</c>).</summary>
    /// <param name="logDirectory">The run directory TensorBoard is pointed at.</param>
    /// <param name="filenameSuffix">Appended to the event file's name.</param>
    /// <param name="imageWidth">Width of matrix images in pixels.</param>
    /// <param name="imageHeight">Height of matrix images in pixels.</param>
    public TensorBoardLogger(string logDirectory = "./tb_data", string filenameSuffix = "", int imageWidth = 480, int imageHeight = 400)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(logDirectory);
        ArgumentOutOfRangeException.ThrowIfLessThan(imageWidth, 64);
        ArgumentOutOfRangeException.ThrowIfLessThan(imageHeight, 64);
        LogDirectory = Path.GetFullPath(logDirectory);
        string name = $"events.out.tfevents.{DateTimeOffset.UtcNow.ToUnixTimeSeconds():D10}.{Environment.MachineName}.{Environment.ProcessId}.{Interlocked.Increment(ref s_fileCounter)}{filenameSuffix}";
        _file = new ResumableFile(Path.Combine(LogDirectory, name));
        _imageWidth = imageWidth;
        _imageHeight = imageHeight;
    }

    /// <summary>The run directory.</summary>
    [CheckpointIgnore] public string LogDirectory { get; }

    /// <summary>The event file being written (its name survives a resume).</summary>
    public string EventFilePath => _file.Path;

    /// <inheritdoc/>
    public void OnEvent(StrategyEvent strategyEvent, SupervisedTemplate strategy, IReadOnlyList<MetricValue> values)
    {
        foreach (var value in values)
        {
            if (value.Kind == MetricValueKind.Matrix) WriteMatrix(value);
            else foreach (var (name, scalar) in value.Scalars()) Write(TensorBoardEvents.ScalarRecord(WallTime, value.XPosition, name, (float)scalar));
        }
    }

    private void WriteMatrix(MetricValue value)
    {
        byte[] png = Plots.Heatmap(value.Matrix!, value.Name, "predicted class", "true class", _imageWidth, _imageHeight);
        var (width, height, colorspace) = Plots.PngInfo(png);
        Write(TensorBoardEvents.ImageRecord(WallTime, value.XPosition, value.Name, height, width, colorspace, png));
    }

    private void Write(byte[] record)
    {
        if (_file.CommittedLength == 0) _file.Append(TensorBoardEvents.FileVersionRecord(WallTime));
        _file.Append(record);
    }

    private static double WallTime => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

    /// <summary>Closes the event file.</summary>
    public void Dispose() => _file.Dispose();
}
