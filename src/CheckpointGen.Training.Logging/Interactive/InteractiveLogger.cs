using CheckpointGen.Training.Checkpointing;
using CheckpointGen.Training.Evaluation;
using CheckpointGen.Training.Logging.Text;
using CheckpointGen.Training.Templates;
using Spectre.Console;

namespace CheckpointGen.Training.Logging.Interactive;

/// <summary>
/// Avalanche's InteractiveLogger: a progress bar for every training epoch and every evaluation
/// experience (Spectre.Console), and the metric lines of the <see cref="TextLogger"/> between them.
/// </summary>
/// <remarks>
/// When the console is not interactive (output redirected, CI), there are no bars: each epoch or
/// experience ends with one plain line saying how many minibatches ran. The bar is not checkpointed;
/// a restored logger drops the one it had and a resumed run opens a new one where it stands.
/// </remarks>
[Checkpointable]
public sealed partial class InteractiveLogger : IMetricLogger, IResumeAware, IDisposable
{
    private readonly TextLogFormatter _formatter = new();
    [CheckpointIgnore] private readonly IAnsiConsole _console;
    [CheckpointIgnore] private ProgressBar? _bar;
    [CheckpointIgnore] private string _barDescription = "";
    [CheckpointIgnore] private int _barTotal;
    [CheckpointIgnore] private int _barDone;

    /// <summary>Logs to <paramref name="console"/> (default: Spectre's console on standard output).</summary>
    public InteractiveLogger(IAnsiConsole? console = null) => _console = console ?? AnsiConsole.Console;

    private InteractiveLogger() : this(null) { }

    /// <summary>True when bars are drawn (the console is interactive).</summary>
    public bool ShowsProgressBars => _console.Profile.Capabilities.Interactive;

    /// <inheritdoc/>
    public void OnEvent(StrategyEvent strategyEvent, SupervisedTemplate strategy, IReadOnlyList<MetricValue> values)
    {
        switch (strategyEvent)
        {
            case StrategyEvent.BeforeTrainingEpoch:
                Print(strategyEvent, strategy, values);
                // The clock resets its epoch counter after this event, unless a resumed run re-enters its epoch.
                BeginBar($"training exp {strategy.Experience.CurrentExperience} epoch {strategy.Progress.Epoch}",
                    Batches(strategy.AdaptedDataset.Count, strategy.TrainMbSize), strategy.IsResumingEpoch ? checked((int)strategy.Clock.TrainEpochIterations) : 0);
                return;
            case StrategyEvent.BeforeEvalExp:
                Print(strategyEvent, strategy, values);
                BeginBar($"eval {strategy.Experience.StreamName} exp {strategy.Experience.CurrentExperience}", Batches(strategy.Experience.Dataset.Count, strategy.EvalMbSize), 0);
                return;
            case StrategyEvent.AfterTrainingIteration:
                // A resumed run enters its epoch mid-way: open the bar where it stands.
                if (_barTotal == 0 && strategy.Experience is { } experience)
                    BeginBar($"training exp {experience.CurrentExperience} epoch {strategy.Progress.Epoch} (resumed)",
                        Batches(strategy.AdaptedDataset.Count, strategy.TrainMbSize), checked((int)strategy.Clock.TrainEpochIterations));
                Advance();
                break;
            case StrategyEvent.AfterEvalIteration:
                Advance();
                break;
            case StrategyEvent.AfterTrainingEpoch:
            case StrategyEvent.AfterEvalExp:
                EndBar();
                break;
        }
        Print(strategyEvent, strategy, values);
    }

    /// <inheritdoc/>
    public void OnResumed(string checkpointDescription) =>
        WriteLine($"{TextLogger.ResumePrefix} {checkpointDescription}. Current time is {DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss zzz}");

    private void Print(StrategyEvent strategyEvent, SupervisedTemplate strategy, IReadOnlyList<MetricValue> values)
    {
        foreach (string line in _formatter.Lines(strategyEvent, strategy, values)) WriteLine(line);
    }

    // Lines go to the console's writer as they are (Spectre would wrap them at the console width);
    // they are written only while no bar is live.
    private void WriteLine(string line)
    {
        var writer = _console.Profile.Out.Writer;
        writer.Write(line + "\n");
        writer.Flush();
    }

    private static int Batches(int samples, int batchSize) => (samples + batchSize - 1) / batchSize;

    private void BeginBar(string description, int total, int done)
    {
        EndBar();
        (_barDescription, _barTotal, _barDone) = (description, total, done);
        if (ShowsProgressBars) _bar = new ProgressBar(_console, description, total, done);
    }

    private void Advance()
    {
        _barDone++;
        _bar?.Advance();
    }

    private void EndBar()
    {
        if (_barTotal == 0) return;
        if (_bar is not null) _bar.Dispose();
        else WriteLine($"{_barDescription}: {_barDone}/{_barTotal} minibatches");
        (_bar, _barTotal, _barDone) = (null, 0, 0);
    }

    /// <summary>After a restore: the bar of the interrupted run is gone; the next event opens a new one.</summary>
    partial void OnCheckpointRestored()
    {
        _bar?.Dispose();
        (_bar, _barTotal, _barDone) = (null, 0, 0);
    }

    /// <summary>Closes any open bar.</summary>
    public void Dispose() => EndBar();
}
