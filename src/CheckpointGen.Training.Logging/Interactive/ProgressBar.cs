using Spectre.Console;

namespace CheckpointGen.Training.Logging.Interactive;

/// <summary>
/// One live Spectre.Console progress bar driven by events. Spectre's progress display runs inside a
/// callback, so the callback runs on a worker thread and waits until the bar is closed; the events
/// only move the bar (ProgressTask is thread-safe). Not checkpointed: a resumed run makes a new one.
/// </summary>
internal sealed class ProgressBar : IDisposable
{
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _display;
    private readonly ProgressTask _task;

    public ProgressBar(IAnsiConsole console, string description, int total, int done)
    {
        var started = new TaskCompletionSource<ProgressTask>(TaskCreationOptions.RunContinuationsAsynchronously);
        var progress = console.Progress().AutoClear(false).AutoRefresh(true).Columns(
            new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn());
        _display = Task.Run(() => progress.Start(context =>
        {
            var task = context.AddTask(Markup.Escape(description), maxValue: Math.Max(total, 1));
            task.Value = done;
            started.SetResult(task);
            _closed.Task.Wait();
            task.Value = task.MaxValue;
            task.StopTask();
        }));
        _task = started.Task.GetAwaiter().GetResult();
    }

    /// <summary>One more step done.</summary>
    public void Advance() => _task.Increment(1);

    /// <summary>Completes the bar and waits until it is drawn for the last time.</summary>
    public void Dispose()
    {
        _closed.TrySetResult();
        _display.GetAwaiter().GetResult();
    }
}
