using CheckpointGen.Benchmarks.Loading;
using CheckpointGen.Training.Models;
using CheckpointGen.Training.Storage;
using CheckpointGen.Training.Templates;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Plugins.Rehearsal;

/// <summary>
/// ER-AML (Caccia et al., 2022), as Avalanche's <c>ER_AML</c> strategy does it: ER-ACE's buffer and
/// memory minibatch, with the <see cref="AsymmetricMetricLearning"/> loss, whose positives and
/// negatives come from one minibatch of every class's part of the buffer.
/// </summary>
/// <remarks>
/// Each class's part of the buffer is read by a stream of its own (minibatches of the training size,
/// incomplete ones skipped), saved with the plugin. A class with fewer samples than a training
/// minibatch gives no minibatch: Avalanche then waits forever; here it is an error that says so.
/// </remarks>
[Checkpointable]
public sealed partial class ErAmlPlugin : IStrategyPlugin, ITrainingCriterion
{
    private readonly ClassBalancedBuffer _storagePolicy;
    private readonly int _batchSizeMem;
    private readonly SeparateReplay _memory = new();
    private readonly List<ReplayLoader> _classMemories = [];

    // Configuration: the loss and its feature extractor.
    [CheckpointIgnore] private readonly AsymmetricMetricLearning _loss;

    /// <summary>Creates the plugin.</summary>
    /// <param name="featureExtractor">Maps inputs to the features the contrastive term compares.</param>
    /// <param name="memSize">Buffer capacity.</param>
    /// <param name="batchSizeMem">Memory samples per minibatch.</param>
    /// <param name="temperature">Supervised contrastive temperature.</param>
    /// <param name="baseTemperature">Supervised contrastive base temperature.</param>
    /// <param name="sameTaskNegatives">Draw negatives only from the incoming sample's task.</param>
    public ErAmlPlugin(Func<Tensor, Tensor> featureExtractor, int memSize = 200, int batchSizeMem = 10, double temperature = 0.1,
        double baseTemperature = 0.07, bool sameTaskNegatives = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(memSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSizeMem, 1);
        _storagePolicy = new ClassBalancedBuffer(memSize, adaptiveSize: true);
        _batchSizeMem = batchSizeMem;
        _loss = new AsymmetricMetricLearning(featureExtractor, temperature, baseTemperature, sameTaskNegatives);
    }

    /// <summary>The features of <paramref name="model"/>'s inputs, when it can give them (<see cref="IFeatureExtractor"/>).</summary>
    /// <exception cref="ArgumentException">The model exposes no features.</exception>
    public static Func<Tensor, Tensor> FeaturesOf(TorchSharp.torch.nn.Module model) => model is IFeatureExtractor extractor
        ? extractor.GetFeatures
        : throw new ArgumentException($"ER-AML needs the model's features; {model.GetType().Name} does not implement IFeatureExtractor, so pass a feature extractor.", nameof(model));

    /// <summary>The class-balanced buffer.</summary>
    public ClassBalancedBuffer StoragePolicy => _storagePolicy;

    /// <summary>The loss.</summary>
    public AsymmetricMetricLearning Criterion => _loss;

    void IStrategyPlugin.AfterTrainDatasetAdaptation(SupervisedTemplate strategy) =>
        _storagePolicy.ResolveSources(DatasetSelection.SourcesOf(strategy.AdaptedDataset, strategy.Experience.Dataset));

    void IStrategyPlugin.BeforeTrainingExp(SupervisedTemplate strategy)
    {
        bool resuming = strategy.IsResumingExperience;
        if (!resuming) _storagePolicy.Update(strategy);
        if (_storagePolicy.Buffer is not { } buffer || buffer.Count < _batchSizeMem || strategy.Experience.CurrentExperience == 0)
        {
            StopAll();
            return;
        }
        _memory.Stream.BeginOrContinue(resuming, buffer, _batchSizeMem, dropLast: true, strategy.Device);
        var keys = _storagePolicy.GroupKeys;
        if (!resuming || _classMemories.Count != keys.Count)
        {
            foreach (var stream in _classMemories) stream.Stop();
            _classMemories.Clear();
            _classMemories.AddRange(keys.Select(_ => new ReplayLoader()));
        }
        for (int i = 0; i < keys.Count; i++)
        {
            var group = _storagePolicy.GroupOf(keys[i])!;
            if (group.Count < strategy.TrainMbSize)
                throw new InvalidOperationException(
                    $"ER-AML draws {strategy.TrainMbSize} samples (a training minibatch) of every class from the buffer, but class {keys[i]} has only {group.Count} there. " +
                    "Use a larger memory or a smaller minibatch (Avalanche would wait forever here).");
            _classMemories[i].BeginOrContinue(resuming, group.Buffer!, strategy.TrainMbSize, dropLast: true, strategy.Device);
        }
    }

    void IStrategyPlugin.BeforeTrainingIteration(SupervisedTemplate strategy) => _memory.Draw();

    void IStrategyPlugin.AfterForward(SupervisedTemplate strategy) => _memory.Forward(strategy);

    Tensor ITrainingCriterion.TrainingLoss(SupervisedTemplate strategy)
    {
        if (_memory.Output is not { } memoryOutput) return strategy.Criterion.call(strategy.MbOutput, strategy.MbY);
        var replay = _classMemories.Select(m => m.Next()).ToList();
        try
        {
            return _loss.Loss(strategy.MbX, strategy.MbY, strategy.MbTaskId, memoryOutput, _memory.Batch!.Targets,
                cat(replay.Select(b => b.Inputs).ToList(), 0), cat(replay.Select(b => b.Targets).ToList(), 0), cat(replay.Select(b => b.TaskLabels).ToList(), 0));
        }
        finally
        {
            foreach (var batch in replay) batch.Dispose();
        }
    }

    void IStrategyPlugin.AfterTrainingIteration(SupervisedTemplate strategy) => _memory.Release();

    void IStrategyPlugin.AfterTrainingExp(SupervisedTemplate strategy) => StopAll();

    private void StopAll()
    {
        _memory.Stream.Stop();
        foreach (var stream in _classMemories) stream.Stop();
        _classMemories.Clear();
    }
}
