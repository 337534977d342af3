using CheckpointGen.Benchmarks.Scenarios;
using CheckpointGen.Randomness;
using CheckpointGen.Training.Templates;
using TorchSharp;

namespace CheckpointGen.Training.Checkpointing;

/// <summary>
/// The functional checkpoint API of Avalanche (<c>save_checkpoint</c> / <c>maybe_load_checkpoint</c>)
/// for one file. <see cref="CheckpointPlugin"/> does the same through a storage, with retention
/// and fallback to the previous checkpoint.
/// </summary>
public static class Checkpointing
{
    /// <summary>Saves the whole strategy and every random generator to <paramref name="path"/> (atomically), with the identity of <paramref name="benchmark"/>.</summary>
    public static void Save(SupervisedTemplate strategy, string path, ContinualBenchmark? benchmark = null)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        Checkpoint.Save(new StrategyCheckpoint(strategy, RngManager.Default, benchmark?.Identity), path);
    }

    /// <summary>
    /// <see cref="Save"/> that blocks only while the strategy and the random generators are
    /// snapshotted (tensors copied into host memory); the file is written atomically in the
    /// background (<see cref="Checkpoint.SaveAsync"/>), with the bytes <see cref="Save"/> writes.
    /// Training may go on as soon as this returns; await the task before the next save to the same
    /// path and before the process exits. <paramref name="cancellationToken"/> stops the background
    /// write and leaves the previous file.
    /// </summary>
    /// <returns>The background write.</returns>
    public static Task SaveAsync(SupervisedTemplate strategy, string path, ContinualBenchmark? benchmark = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        return Checkpoint.SaveAsync(new StrategyCheckpoint(strategy, RngManager.Default, benchmark?.Identity), path, cancellationToken);
    }

    /// <summary>
    /// Restores <paramref name="path"/> into <paramref name="strategy"/> when the file exists, and
    /// returns the strategy with the next training experience (0 without a file). The strategy is
    /// built by the same code whether or not a checkpoint exists.
    /// </summary>
    /// <param name="strategy">The freshly built strategy.</param>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="mapLocation">Puts every tensor on this device (cuda→cpu, cuda:0→cuda:1, cpu→cuda). Needed to restore a checkpoint saved on CUDA on a machine without it.</param>
    /// <param name="log">Told about what makes the resumed run differ from an uninterrupted one (another torch thread count, an accepted configuration change, a checkpoint without identity); standard error without it.</param>
    /// <param name="benchmark">The benchmark the run trains on, compared with the one the checkpoint recorded.</param>
    /// <param name="acceptConfigurationChanges">Resume even when the benchmark or a setting differs in a way the policy refuses (docs/experiment-identity.md).</param>
    /// <exception cref="ConfigurationMismatchException">The checkpoint was saved by another experiment.</exception>
    public static (SupervisedTemplate Strategy, int InitialExperience) MaybeLoad(SupervisedTemplate strategy, string path, torch.Device? mapLocation = null, Action<string>? log = null,
        ContinualBenchmark? benchmark = null, bool acceptConfigurationChanges = false)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        if (!File.Exists(path)) return (strategy, 0);
        var root = new StrategyCheckpoint(strategy, RngManager.Default, benchmark?.Identity);
        var report = Checkpoint.Restore(root, path, RestoreOptions.For(mapLocation, acceptConfigurationChanges));
        RestoreWarnings.Log(report, log);
        NotifyResumed(strategy, $"'{path}'");
        return (strategy, root.NextExperience);
    }

    internal static void NotifyResumed(SupervisedTemplate strategy, string checkpoint)
    {
        foreach (var plugin in strategy.Plugins)
            if (plugin is IResumeAware aware) aware.OnResumed(checkpoint);
    }
}
