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
    /// <summary>Saves the whole strategy and every random generator to <paramref name="path"/> (atomically).</summary>
    public static void Save(SupervisedTemplate strategy, string path)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        Checkpoint.Save(new StrategyCheckpoint(strategy, RngManager.Default), path);
    }

    /// <summary>
    /// Restores <paramref name="path"/> into <paramref name="strategy"/> when the file exists, and
    /// returns the strategy with the next training experience (0 without a file). The strategy is
    /// built by the same code whether or not a checkpoint exists.
    /// </summary>
    /// <param name="strategy">The freshly built strategy.</param>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="mapLocation">Puts every tensor on this device (cuda→cpu, cuda:0→cuda:1, cpu→cuda). Needed to restore a checkpoint saved on CUDA on a machine without it.</param>
    /// <param name="log">Told about what makes the resumed run differ from an uninterrupted one (another torch thread count); standard error without it.</param>
    public static (SupervisedTemplate Strategy, int InitialExperience) MaybeLoad(SupervisedTemplate strategy, string path, torch.Device? mapLocation = null, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        if (!File.Exists(path)) return (strategy, 0);
        var root = new StrategyCheckpoint(strategy, RngManager.Default);
        Checkpoint.Restore(root, path, RestoreOptions.For(mapLocation));
        TorchThreadCheck.WarnIfDifferent(root.TorchThreads, log);
        NotifyResumed(strategy, $"'{path}'");
        return (strategy, root.NextExperience);
    }

    internal static void NotifyResumed(SupervisedTemplate strategy, string checkpoint)
    {
        foreach (var plugin in strategy.Plugins)
            if (plugin is IResumeAware aware) aware.OnResumed(checkpoint);
    }
}
