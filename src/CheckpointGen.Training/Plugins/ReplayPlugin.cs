using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Training.Storage;
using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Plugins;

/// <summary>
/// Experience replay: the samples of a rehearsal buffer are trained on together with each new
/// experience, and after the experience the buffer is updated from its data. By default the buffer
/// is an <see cref="ExperienceBalancedBuffer"/> of <c>memSize</c> samples, as in Avalanche's
/// <c>ReplayPlugin</c>.
/// </summary>
/// <remarks>
/// The buffer is concatenated to the experience's dataset during dataset adaptation (Avalanche's
/// earlier replay; its current one draws separate minibatches from the buffer), so every epoch sees
/// the experience and the buffer shuffled together.
/// </remarks>
[Checkpointable]
public sealed partial class ReplayPlugin : IStrategyPlugin
{
    private readonly ExemplarsBuffer _storagePolicy;

    /// <summary>Creates the plugin.</summary>
    /// <param name="memSize">Buffer capacity (must equal the storage policy's, when one is given, as in Avalanche).</param>
    /// <param name="storagePolicy">The buffer; null: an experience-balanced buffer of <paramref name="memSize"/> samples.</param>
    public ReplayPlugin(int memSize = 200, ExemplarsBuffer? storagePolicy = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(memSize);
        if (storagePolicy is not null && storagePolicy.MaxSize != memSize)
            throw new ArgumentException($"memSize ({memSize}) differs from the storage policy's size ({storagePolicy.MaxSize}).", nameof(memSize));
        _storagePolicy = storagePolicy ?? new ExperienceBalancedBuffer(memSize, adaptiveSize: true);
    }

    /// <summary>The buffer.</summary>
    public ExemplarsBuffer StoragePolicy => _storagePolicy;

    /// <summary>Capacity of the buffer.</summary>
    public int MemSize => _storagePolicy.MaxSize;

    void IStrategyPlugin.AfterTrainDatasetAdaptation(SupervisedTemplate strategy)
    {
        var adapted = strategy.AdaptedDataset;
        _storagePolicy.ResolveSources(DatasetSelection.SourcesOf(adapted, strategy.Experience.Dataset));
        if (_storagePolicy.Buffer is { } buffer)
            strategy.AdaptedDataset = DatasetView.Concat([adapted, buffer]);
    }

    void IStrategyPlugin.AfterTrainingExp(SupervisedTemplate strategy) => _storagePolicy.Update(strategy);
}
