using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Benchmarks.Scenarios;

namespace CheckpointGen.Benchmarks.Classic;

/// <summary>SplitMNIST: the ten digits split into experiences of new classes (Avalanche's <c>SplitMNIST</c>).</summary>
public static class SplitMnist
{
    /// <summary>
    /// Builds SplitMNIST. With a seed and no fixed order the class order is
    /// <c>randperm(10)</c> after <c>torch.manual_seed(seed)</c>, the same as Avalanche's.
    /// </summary>
    /// <param name="nExperiences">Number of experiences; must divide 10.</param>
    /// <param name="returnTaskId">Task label i for experience i (task-incremental); else 0 (class-incremental).</param>
    /// <param name="seed">Seed of the class order; null: the current state of torch's global generator.</param>
    /// <param name="fixedClassOrder">Explicit class order; overrides <paramref name="seed"/> and <paramref name="shuffle"/>.</param>
    /// <param name="shuffle">Permute the class order; false: 0, 1, ..., 9.</param>
    /// <param name="classIdsFromZeroInEachExp">Relabel each experience's classes to 0..k−1 (for multi-head models).</param>
    /// <param name="dataRoot">Where MNIST is (see <see cref="MnistLocator"/>); null: <c>CHECKPOINTGEN_DATA</c> or the user cache.</param>
    /// <param name="progress">Receives fetch progress lines when MNIST has to be downloaded.</param>
    public static NcBenchmark Create(int nExperiences, bool returnTaskId = false, int? seed = null,
        IReadOnlyList<int>? fixedClassOrder = null, bool shuffle = true, bool classIdsFromZeroInEachExp = false,
        string? dataRoot = null, Action<string>? progress = null)
    {
        var train = Mnist.Load(MnistSplit.Train, dataRoot, progress);
        var test = Mnist.Load(MnistSplit.Test, dataRoot, progress);
        return NcBenchmark.Create("SplitMNIST", train, test, nExperiences, returnTaskId, shuffle, seed, fixedClassOrder,
            classIdsFromZeroInEachExp: classIdsFromZeroInEachExp);
    }
}
