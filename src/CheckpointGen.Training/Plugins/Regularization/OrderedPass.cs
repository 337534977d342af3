using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Benchmarks.Loading;
using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Plugins.Regularization;

/// <summary>
/// One pass over a dataset in its own order (no shuffling), in minibatches of the strategy's training
/// size, on its device: the extra pass EWC and MAS make to estimate importances (Avalanche's
/// <c>DataLoader(dataset, batch_size=train_mb_size)</c>). Deterministic, so it consumes no randomness.
/// </summary>
internal static class OrderedPass
{
    public static IEnumerable<Minibatch> Over(DatasetView dataset, SupervisedTemplate strategy)
    {
        using var loader = new MinibatchLoader(dataset, strategy.TrainMbSize, seed: 0, position: null, shuffle: false, device: strategy.Device);
        foreach (var batch in loader.NextEpoch()) yield return batch;
    }

    /// <summary>Number of minibatches <see cref="Over"/> yields.</summary>
    public static int BatchCount(DatasetView dataset, SupervisedTemplate strategy) =>
        (dataset.Count + strategy.TrainMbSize - 1) / strategy.TrainMbSize;
}
