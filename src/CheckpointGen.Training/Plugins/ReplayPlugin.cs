using CheckpointGen.Benchmarks.Loading;
using CheckpointGen.Randomness;
using CheckpointGen.Training.Storage;
using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Plugins;

/// <summary>
/// Experience replay as Avalanche's current <c>ReplayPlugin</c> does it: every minibatch of the new
/// experience is trained on together with a minibatch drawn from a rehearsal buffer (an endless,
/// reshuffled stream over the buffer, like its <c>ReplayDataLoader</c>), and after the experience the
/// buffer is updated from its data. By default the buffer is an <see cref="ExperienceBalancedBuffer"/>
/// of <c>memSize</c> samples.
/// </summary>
/// <remarks>
/// The memory stream's position is part of the checkpoint, so a run resumed inside an experience
/// draws the same memory minibatches as the uninterrupted run.
/// </remarks>
[Checkpointable]
public sealed partial class ReplayPlugin : IStrategyPlugin, IMinibatchMixer
{
    private readonly ExemplarsBuffer _storagePolicy;
    [CheckpointConfiguration] private readonly int _memSize;
    [CheckpointConfiguration] private readonly int _batchSizeMem;
    private LoaderPosition _memoryPosition = new();

    // Rebuilt before each training experience over the buffer, from the saved position.
    [CheckpointIgnore] private MinibatchLoader? _memoryLoader;

    /// <summary>Creates the plugin.</summary>
    /// <param name="memSize">Buffer capacity (must equal the storage policy's, when one is given, as in Avalanche).</param>
    /// <param name="storagePolicy">The buffer; null: an experience-balanced buffer of <paramref name="memSize"/> samples.</param>
    /// <param name="batchSizeMem">Memory samples added to each minibatch; 0 (the default): the strategy's training minibatch size, as in Avalanche.</param>
    public ReplayPlugin(int memSize = 200, ExemplarsBuffer? storagePolicy = null, int batchSizeMem = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(memSize);
        ArgumentOutOfRangeException.ThrowIfNegative(batchSizeMem);
        if (storagePolicy is not null && storagePolicy.MaxSize != memSize)
            throw new ArgumentException($"memSize ({memSize}) differs from the storage policy's size ({storagePolicy.MaxSize}).", nameof(memSize));
        _storagePolicy = storagePolicy ?? new ExperienceBalancedBuffer(memSize, adaptiveSize: true);
        _batchSizeMem = batchSizeMem;
        _memSize = memSize;
    }

    /// <summary>The buffer.</summary>
    public ExemplarsBuffer StoragePolicy => _storagePolicy;

    /// <summary>Capacity of the buffer.</summary>
    public int MemSize => _storagePolicy.MaxSize;

    void IStrategyPlugin.AfterTrainDatasetAdaptation(SupervisedTemplate strategy) =>
        // A restored buffer holds indices; it finds its source datasets among the experience's.
        _storagePolicy.ResolveSources(DatasetSelection.SourcesOf(strategy.AdaptedDataset, strategy.Experience.Dataset));

    void IStrategyPlugin.BeforeTrainingExp(SupervisedTemplate strategy)
    {
        _memoryLoader?.Dispose();
        _memoryLoader = null;
        if (_storagePolicy.Buffer is not { Count: > 0 } buffer) return;
        // A run resumed inside the experience continues the saved memory stream; otherwise a new one starts.
        if (!strategy.IsResumingExperience) _memoryPosition = new LoaderPosition();
        _memoryLoader = new MinibatchLoader(buffer, _batchSizeMem > 0 ? _batchSizeMem : strategy.TrainMbSize,
            seed: _memoryPosition.Started ? 0 : RngManager.Random.NextInt64(), position: _memoryPosition, shuffle: true, device: strategy.Device);
    }

    Minibatch IMinibatchMixer.Mix(SupervisedTemplate strategy, Minibatch batch)
    {
        if (_memoryLoader is null) return batch;
        using var memory = _memoryLoader.NextBatch();
        return Minibatch.Concat(batch, memory);
    }

    void IStrategyPlugin.AfterTrainingExp(SupervisedTemplate strategy)
    {
        _memoryLoader?.Dispose();
        _memoryLoader = null;
        _storagePolicy.Update(strategy);
    }
}
