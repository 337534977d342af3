using CheckpointGen.Benchmarks.Loading;
using CheckpointGen.Training.Storage;
using CheckpointGen.Training.Templates;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Plugins.Rehearsal;

/// <summary>
/// ER-ACE (Caccia et al., 2022), as Avalanche's <c>ER_ACE</c> strategy does it: a class-balanced
/// buffer updated with the experience's data before training on it, a memory minibatch drawn beside
/// every minibatch and forwarded on its own, and the <see cref="AsymmetricCrossEntropy"/> loss.
/// </summary>
/// <remarks>
/// <para>Replay starts at the second experience of the stream (of an online stream: its second
/// mini-experience) once the buffer holds <c>batchSizeMem</c> samples; memory minibatches always
/// have that many (Avalanche's <c>drop_last</c>). Without replay the loss is the criterion's.</para>
/// <para>Avalanche's <c>ER_ACE</c> is the batch version (the whole experience enters the buffer at its
/// start, where the paper adds the samples of each incoming minibatch); used on an online stream, each
/// mini-experience enters the buffer before it is trained on, which is the paper's online setting.</para>
/// </remarks>
[Checkpointable]
public sealed partial class ErAcePlugin : IStrategyPlugin, ITrainingCriterion
{
    private readonly ClassBalancedBuffer _storagePolicy;
    private readonly int _batchSizeMem;
    private readonly SeparateReplay _memory = new();

    /// <summary>Creates the plugin.</summary>
    /// <param name="memSize">Buffer capacity.</param>
    /// <param name="batchSizeMem">Memory samples per minibatch.</param>
    public ErAcePlugin(int memSize = 200, int batchSizeMem = 10)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(memSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSizeMem, 1);
        _storagePolicy = new ClassBalancedBuffer(memSize, adaptiveSize: true);
        _batchSizeMem = batchSizeMem;
    }

    /// <summary>The class-balanced buffer.</summary>
    public ClassBalancedBuffer StoragePolicy => _storagePolicy;

    /// <summary>The memory minibatch of the iteration under way, or null (no replay yet).</summary>
    public Minibatch? MemoryBatch => _memory.Batch;

    void IStrategyPlugin.AfterTrainDatasetAdaptation(SupervisedTemplate strategy) =>
        _storagePolicy.ResolveSources(DatasetSelection.SourcesOf(strategy.AdaptedDataset, strategy.Experience.Dataset));

    void IStrategyPlugin.BeforeTrainingExp(SupervisedTemplate strategy)
    {
        // The buffer takes the experience's data first (a resumed run did so before its checkpoint).
        if (!strategy.IsResumingExperience) _storagePolicy.Update(strategy);
        if (_storagePolicy.Buffer is { } buffer && buffer.Count >= _batchSizeMem && strategy.Experience.CurrentExperience > 0)
            _memory.Stream.BeginOrContinue(strategy.IsResumingExperience, buffer, _batchSizeMem, dropLast: true, strategy.Device);
        else
            _memory.Stream.Stop();
    }

    void IStrategyPlugin.BeforeTrainingIteration(SupervisedTemplate strategy) => _memory.Draw();

    void IStrategyPlugin.AfterForward(SupervisedTemplate strategy) => _memory.Forward(strategy);

    Tensor ITrainingCriterion.TrainingLoss(SupervisedTemplate strategy) => _memory.Output is not { } memoryOutput
        ? strategy.Criterion.call(strategy.MbOutput, strategy.MbY)
        : AsymmetricCrossEntropy.Loss(strategy.MbOutput, strategy.MbY, memoryOutput, _memory.Batch!.Targets);

    void IStrategyPlugin.AfterTrainingIteration(SupervisedTemplate strategy) => _memory.Release();

    void IStrategyPlugin.AfterTrainingExp(SupervisedTemplate strategy) => _memory.Stream.Stop();
}
