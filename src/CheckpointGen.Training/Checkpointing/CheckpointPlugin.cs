using System.Diagnostics;
using CheckpointGen.Benchmarks.Scenarios;
using CheckpointGen.Randomness;
using CheckpointGen.Storage;
using CheckpointGen.Training.Plugins;
using CheckpointGen.Training.Templates;
using TorchSharp;

namespace CheckpointGen.Training.Checkpointing;

/// <summary>
/// Saves the whole run — strategy, model, optimizer, plugins, metrics, loggers, clock, progress and
/// every random generator — into an <see cref="ICheckpointStorage"/> at the end of each evaluation
/// phase (as Avalanche's CheckpointPlugin does) and, optionally, every N training iterations, so
/// that a kill loses at most N iterations. <see cref="RestoreIfExists"/> brings all of it back.
/// </summary>
/// <remarks>
/// Checkpoints are numbered by the clock's total iterations (plus those of a template trained inside the
/// strategy, <see cref="INestedTraining"/>), so the newest is always the latest in the run. A checkpoint
/// taken inside an experience resumes inside it, with the same batches.
/// With a <see cref="GracefulStop"/>, a stop request is honoured at the next iteration or evaluation
/// end: the plugin saves there and throws <see cref="TrainingStoppedException"/>. A save that fails
/// because of the storage stops the run with a <see cref="CheckpointStorageException"/> saying what
/// happened, to which file, what to do and which checkpoint a new run resumes from, unless the
/// <see cref="SaveFailurePolicy"/> lets training go on.
/// </remarks>
[Checkpointable]
public sealed partial class CheckpointPlugin : IStrategyPlugin
{
    [CheckpointIgnore] private readonly ICheckpointStorage _storage;
    [CheckpointIgnore] private readonly torch.Device? _mapLocation;
    [CheckpointIgnore] private readonly int _saveEveryIterations;
    [CheckpointIgnore] private readonly GracefulStop? _stop;
    [CheckpointIgnore] private readonly Action<string>? _log;
    [CheckpointIgnore] private readonly SaveFailurePolicy _onSaveFailure;
    [CheckpointIgnore] private readonly Func<SupervisedTemplate, bool>? _betweenExperiences;
    [CheckpointIgnore] private readonly BenchmarkIdentity? _benchmark;
    [CheckpointIgnore] private readonly bool _acceptConfigurationChanges;
    [CheckpointIgnore] private readonly List<TimeSpan> _saveDurations = [];
    [CheckpointIgnore] private readonly List<CheckpointStorageException> _failedSaves = [];
    [CheckpointIgnore] private int _consecutiveFailures;
    [CheckpointIgnore] private CheckpointInfo? _restored;
    [CheckpointIgnore] private bool _warmedWithTrainedState;

    // Saved: a resumed run keeps the same periodic schedule.
    private long _lastPeriodicSave;

    /// <summary>Creates the plugin.</summary>
    /// <param name="storage">Where checkpoints go (e.g. <see cref="FileSystemCheckpointStorage"/>); wrap it in a <see cref="BackgroundCheckpointStorage"/> for asynchronous saves (a graceful stop then waits for the save in flight, and disposing that storage waits for the last one).</param>
    /// <param name="mapLocation">The device to restore onto (cuda→cpu, cuda:i→cuda:j, cpu→cuda); null restores each tensor where it was saved (a checkpoint saved on CUDA then needs a machine with CUDA).</param>
    /// <param name="saveEveryIterations">Also save every this many training iterations (0: only after evaluations).</param>
    /// <param name="stop">Signals to honour by saving and stopping at the next checkpoint point.</param>
    /// <param name="log">Told about saves and restores, one sentence each, about saves that failed and will be tried again, and about what makes a resumed run differ from an uninterrupted one (another torch thread count, an accepted configuration change, a checkpoint without identity; standard error without a log).</param>
    /// <param name="betweenExperiences">
    /// Also honour periodic saves and stop requests between two training experiences
    /// (<see cref="CheckpointPoint.TrainingExperience"/>) after which this returns true (it is given the strategy;
    /// the clock counts the experience just trained). For loops that train experiences back to back, such as an
    /// online stream, whose mini-experiences are often a single iteration: <c>_ => true</c>. Return false after an
    /// experience the loop evaluates after (a run resumed from there would skip that evaluation); null: never.
    /// </param>
    /// <param name="onSaveFailure">What a failed save does: <see cref="SaveFailurePolicy.Stop"/> (null) stops the run; <see cref="SaveFailurePolicy.RetryTransient"/> trains on through a full disk.</param>
    /// <param name="benchmark">The benchmark the run trains on: recorded in every checkpoint, and a resume against another benchmark is refused. Null records none (and refuses a checkpoint that recorded one).</param>
    /// <param name="acceptConfigurationChanges">Resume even when the benchmark or a setting differs from the checkpoint's in a way the policy refuses (<see cref="CheckpointLoadOptions.AcceptConfigurationChanges"/>); each difference is logged as a warning.</param>
    public CheckpointPlugin(ICheckpointStorage storage, torch.Device? mapLocation = null, int saveEveryIterations = 0, GracefulStop? stop = null, Action<string>? log = null,
        Func<SupervisedTemplate, bool>? betweenExperiences = null, SaveFailurePolicy? onSaveFailure = null, ContinualBenchmark? benchmark = null, bool acceptConfigurationChanges = false)
    {
        _onSaveFailure = onSaveFailure ?? SaveFailurePolicy.Stop;
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentOutOfRangeException.ThrowIfNegative(saveEveryIterations);
        _storage = storage;
        _mapLocation = mapLocation;
        _saveEveryIterations = saveEveryIterations;
        _stop = stop;
        _log = log;
        _betweenExperiences = betweenExperiences;
        _benchmark = benchmark?.Identity;
        _acceptConfigurationChanges = acceptConfigurationChanges;
    }

    /// <summary>The checkpoint <see cref="RestoreIfExists"/> restored, or null (none yet, or none found).</summary>
    public CheckpointInfo? Restored => _restored;

    /// <summary>How long each save took (writing, fsync and rename included), in order.</summary>
    public IReadOnlyList<TimeSpan> SaveDurations => _saveDurations;

    /// <summary>The saves that failed and that training went on after (<see cref="SaveFailurePolicy.RetryTransient"/>), in order.</summary>
    public IReadOnlyList<CheckpointStorageException> FailedSaves => _failedSaves;

    /// <summary>True when the last save failed and training went on: the newest state of the run is not saved.</summary>
    public bool LastSaveFailed => _consecutiveFailures > 0;

    /// <summary>
    /// Restores the newest checkpoint that verifies (falling back to older ones, saying why) into
    /// <paramref name="strategy"/>, built by the same code as the run that saved it, and returns
    /// the next training experience: 0 when there is no checkpoint.
    /// </summary>
    /// <exception cref="ConfigurationMismatchException">The checkpoint was saved by another experiment (another benchmark or setting, see docs/experiment-identity.md); nothing is saved or deleted. The strategy may be partly restored: rebuild it.</exception>
    public int RestoreIfExists(SupervisedTemplate strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        var root = new StrategyCheckpoint(strategy, RngManager.Default, _benchmark);
        var result = _storage.RestoreLatest(root, RestoreOptions.For(_mapLocation, _acceptConfigurationChanges), _log);
        WarmUp(root);
        HashingWarmUp.Start();
        _restored = result.Restored;
        if (result.Restored is not { } restored) return 0;
        RestoreWarnings.Log(result.Report!, _log);
        Checkpointing.NotifyResumed(strategy, $"{restored} (next experience {root.NextExperience})");
        return root.NextExperience;
    }

    /// <summary>
    /// Serializes the run once to nowhere before training starts, so that the JIT compiles the save
    /// path now rather than inside the first real save: a save
    /// triggered by a preemption signal must be quick.
    /// </summary>
    /// <remarks>
    /// Before training, replay buffers are empty and metrics have no results, so the code that saves
    /// them is compiled by the first real save; <see cref="IStrategyPlugin.AfterTraining"/> serializes
    /// the run to nowhere a second time, once, when that state exists.
    /// </remarks>
    private static void WarmUp(StrategyCheckpoint root)
    {
        try
        {
            Checkpoint.Save(root, Stream.Null);
        }
        catch (CheckpointException)
        {
            // Whatever fails here fails again, with the same message, at the first real save.
        }
    }

    /// <summary>
    /// Once per process, after the first training phase: the state that only exists once an
    /// experience has been trained (a filled replay buffer, training metric results, optimizer
    /// momentum) is serialized to nowhere, so the first save after it does not compile its code.
    /// This runs before the evaluation phase, not between it and the checkpoint.
    /// </summary>
    void IStrategyPlugin.AfterTraining(SupervisedTemplate strategy)
    {
        if (_warmedWithTrainedState) return;
        _warmedWithTrainedState = true;
        WarmUp(new StrategyCheckpoint(strategy, RngManager.Default, _benchmark));
    }

    void IStrategyPlugin.OnCheckpointPoint(SupervisedTemplate strategy, CheckpointPoint point)
    {
        if (point == CheckpointPoint.TrainingExperience && _betweenExperiences?.Invoke(strategy) != true) return;
        long nested = NestedTrainIterations(strategy);
        long trainIterations = strategy.Clock.TrainIterations + nested;
        bool due = point == CheckpointPoint.Evaluation
            || _stop?.IsRequested == true
            || (_saveEveryIterations > 0 && trainIterations - _lastPeriodicSave >= _saveEveryIterations);
        if (!due) return;
        if (point != CheckpointPoint.Evaluation) _lastPeriodicSave = trainIterations;
        Save(strategy, strategy.Clock.TotalIterations + nested);
    }

    /// <summary>Iterations of templates trained inside the strategy's events (a generator): they count as the strategy's (<see cref="INestedTraining"/>).</summary>
    private static long NestedTrainIterations(SupervisedTemplate strategy)
    {
        long sum = 0;
        foreach (var plugin in strategy.Plugins)
            if (plugin is INestedTraining { NestedStrategy: { } nested }) sum += nested.Clock.TrainIterations;
        return sum;
    }

    private void Save(SupervisedTemplate strategy, long sequence)
    {
        var watch = Stopwatch.StartNew();
        var root = new StrategyCheckpoint(strategy, RngManager.Default, _benchmark);
        try
        {
            _storage.SaveCheckpoint(sequence, root);
        }
        catch (CheckpointStorageException e)
        {
            OnSaveFailed(sequence, e);
            return;
        }
        var elapsed = watch.Elapsed; // read once: the log line and the recorded duration must agree
        _saveDurations.Add(elapsed);
        string after = _consecutiveFailures == 0 ? "" : $" (after {_consecutiveFailures} failed save(s))";
        _consecutiveFailures = 0;
        _log?.Invoke($"Saved checkpoint {sequence} in {elapsed.TotalMilliseconds:F1} ms{after}.");
        if (_stop?.IsRequested != true) return;
        // An asynchronous save must be durable before the process exits with "saved, resume me".
        if (_storage is BackgroundCheckpointStorage background) background.WaitForPendingSave();
        throw new TrainingStoppedException($"Stopped after saving checkpoint {sequence}; run the same command again to resume.");
    }

    /// <summary>Stops the run with what happened and what a new run resumes from, or logs the failure and lets training go on.</summary>
    private void OnSaveFailed(long sequence, CheckpointStorageException error)
    {
        _consecutiveFailures++;
        string? stop = _onSaveFailure.ReasonToStop(error, _consecutiveFailures, _stop?.IsRequested == true);
        if (stop is null)
        {
            _failedSaves.Add(error);
            _log?.Invoke($"Checkpoint {sequence} was not saved: {error.Message} Training goes on, and the next scheduled save tries again " +
                $"({_consecutiveFailures} of {_onSaveFailure.MaxConsecutiveFailures} failed saves in a row allowed); until one succeeds, a kill loses everything since the last checkpoint saved.");
            return;
        }
        throw error.WithContext($"Checkpoint {sequence} was not saved: ", $"{stop} {WhatARunResumesFrom()}");
    }

    /// <summary>The newest checkpoint left, which the same command resumes from once the storage is repaired.</summary>
    private string WhatARunResumesFrom()
    {
        CheckpointInfo? newest;
        try
        {
            newest = _storage.List().FirstOrDefault();
        }
        catch (CheckpointStorageException)
        {
            return "Training stopped here. Once the storage is repaired, run the same command again: it resumes from the newest checkpoint left, if there is one.";
        }
        return newest is null
            ? "Training stopped here. No checkpoint is left, so running the same command again starts from the beginning."
            : $"Training stopped here. Once that is fixed, run the same command again: it resumes from {newest}, the newest checkpoint left, and trains again what came after it.";
    }
}
