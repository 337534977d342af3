using TorchSharp;

namespace CheckpointGen.Training.Checkpointing;

/// <summary>
/// Torch's intra-op thread count changes how reductions are split, so a run resumed with another
/// count than the one that saved is not bit-identical to an uninterrupted run. The count is a
/// choice about the machine (a job may resume on a bigger allocation), so a restore does not
/// change it: it says so, once, with the count that would make the resume exact.
/// </summary>
internal static class TorchThreadCheck
{
    /// <summary>Warns through <paramref name="log"/> (standard error without one) when <paramref name="savedThreads"/> differs from this process's count.</summary>
    public static void WarnIfDifferent(int savedThreads, Action<string>? log)
    {
        int current = torch.get_num_threads();
        if (savedThreads == current) return;
        (log ?? Console.Error.WriteLine)(
            $"Warning: the checkpoint was saved by a run using {savedThreads} torch thread(s) and this process uses {current}; " +
            $"the resumed run will not be bit-identical to an uninterrupted one. Call torch.set_num_threads({savedThreads}) before restoring to make it so.");
    }
}
