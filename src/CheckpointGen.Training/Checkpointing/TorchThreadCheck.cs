namespace CheckpointGen.Training.Checkpointing;

/// <summary>
/// Torch's intra-op thread count changes how reductions are split, so a run resumed with another
/// count than the one that saved is not bit-identical to an uninterrupted run. The count is a
/// choice about the machine (a job may resume on a bigger allocation), so it is configuration that
/// warns (<see cref="StrategyCheckpoint.TorchThreads"/>): the warning names the count that would make the resume exact.
/// </summary>
internal static class TorchThreadCheck
{
    /// <summary>The configuration name of the thread count in a <see cref="RestoreReport"/>.</summary>
    public const string ConfigurationName = $"{nameof(StrategyCheckpoint)}.{nameof(StrategyCheckpoint.TorchThreads)}";

    /// <summary>The warning for a checkpoint saved with <paramref name="savedThreads"/> restored by a process using <paramref name="currentThreads"/>.</summary>
    public static string Warning(string savedThreads, string currentThreads) =>
        $"Warning: the checkpoint was saved by a run using {savedThreads} torch thread(s) and this process uses {currentThreads}; " +
        $"the resumed run will not be bit-identical to an uninterrupted one. Call torch.set_num_threads({savedThreads}) before restoring to make it so.";
}
