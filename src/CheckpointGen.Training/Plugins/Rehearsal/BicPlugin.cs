using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Benchmarks.Loading;
using CheckpointGen.Randomness;
using CheckpointGen.Training.Models;
using CheckpointGen.Training.Optimizers;
using CheckpointGen.Training.Storage;
using CheckpointGen.Training.Templates;
using CheckpointGen.Training.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Plugins.Rehearsal;

/// <summary>
/// Bias Correction (Wu et al., 2019) as Avalanche's <c>BiCPlugin</c> does it (after FACIL). Stage 1: each class of
/// the experience gives its first samples to a held-out validation memory (<c>valPercentage</c> of <c>memSize</c>,
/// split over the classes seen) and trains on the rest, with a replay minibatch from an experience-balanced buffer
/// and, from the second experience, distillation from the previous model on the old classes. Stage 2 (from the
/// second experience): a <see cref="BiasLayer"/> over the experience's classes is trained on the validation memory
/// with the model frozen, and corrects the model's outputs in evaluation.
/// </summary>
/// <remarks>
/// As in Avalanche (and unlike the paper's temperature-scaled KL divergence), the distillation is
/// <c>cross_entropy(new/T, softmax(old/T, dim=0))</c> — a softmax over the minibatch, not over the classes — with the
/// old model's outputs of the classes before the previous experience corrected by the current bias layer; the
/// weight of distillation is <c>old classes / all classes</c> unless <c>lamb</c> is given. Avalanche writes the
/// temperature as a literal 2; here it is <c>temperature</c> (default 2).
/// </remarks>
[Checkpointable]
public sealed partial class BicPlugin : IStrategyPlugin, IMinibatchMixer
{
    [CheckpointConfiguration] private readonly int _memSize;
    [CheckpointConfiguration] private readonly int _batchSizeMem;
    [CheckpointConfiguration] private readonly double _valPercentage;
    [CheckpointConfiguration] private readonly double _temperature;
    [CheckpointConfiguration] private readonly int _stage2Epochs;
    [CheckpointConfiguration] private readonly double _lamb;
    [CheckpointConfiguration] private readonly double _lr;
    private readonly ExperienceBalancedBuffer _storagePolicy;
    private readonly ReplayLoader _memory = new();
    private readonly SortedDictionary<int, int> _classToExperience = new();
    private readonly List<int> _valClasses = [];
    private readonly List<ReservoirSamplingBuffer> _valBuffers = [];
    private readonly DatasetSelection _trainData = new();
    private BiasLayer? _biasLayer;
    private ModelSnapshot? _oldModel;
    private bool _isFirstExperience = true;
    // The previous model's outputs for the minibatch under way (computed before the forward pass).
    [CheckpointIgnore] private Tensor? _oldOutputs;

    /// <summary>Creates the plugin with Avalanche's defaults.</summary>
    public BicPlugin(int memSize = 2000, int batchSizeMem = 0, double valPercentage = 0.1, double temperature = 2, int stage2Epochs = 200,
        double lamb = -1, double lr = 0.1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(memSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(batchSizeMem);
        if (valPercentage is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(valPercentage), valPercentage, "BiC's validation share of the memory must be in (0, 1).");
        if (!(temperature > 0)) throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "BiC's temperature must be positive.");
        ArgumentOutOfRangeException.ThrowIfNegative(stage2Epochs);
        _memSize = memSize;
        _batchSizeMem = batchSizeMem;
        _valPercentage = valPercentage;
        _temperature = temperature;
        _stage2Epochs = stage2Epochs;
        _lamb = lamb;
        _lr = lr;
        _storagePolicy = new ExperienceBalancedBuffer(memSize, adaptiveSize: true);
    }

    /// <summary>The replay buffer (of the samples trained on).</summary>
    public ExperienceBalancedBuffer StoragePolicy => _storagePolicy;

    /// <summary>The held-out validation samples of class <paramref name="label"/>, or null.</summary>
    public DatasetView? ValidationOf(int label) => _valClasses.IndexOf(label) is var i and >= 0 ? _valBuffers[i].Buffer : null;

    /// <summary>The bias layer of the last stage 2, or null before the second experience ends.</summary>
    public BiasLayer? BiasLayer => _biasLayer;

    /// <summary>The samples of the current experience trained on (those not held out).</summary>
    public DatasetView? TrainData => _trainData.View;

    /// <summary>Capacities of the validation groups of <paramref name="numClasses"/> classes (Avalanche's <c>get_group_lengths</c>).</summary>
    public int[] ValidationLengths(int numClasses)
    {
        int maxSize = (int)(_valPercentage * _memSize);
        var lengths = Enumerable.Repeat(maxSize / numClasses, numClasses).ToArray();
        int remainder = maxSize - lengths.Sum();
        for (int i = 0; i < remainder; i++) lengths[i]++;
        return lengths;
    }

    void IStrategyPlugin.BeforeTraining(SupervisedTemplate strategy)
    {
        if (strategy.Model is IMultiTaskModule)
            throw new InvalidOperationException("BiC is class-incremental (one head); the model is multi-task.");
    }

    void IStrategyPlugin.BeforeTrainDatasetAdaptation(SupervisedTemplate strategy)
    {
        var data = strategy.Experience.Dataset;
        var sources = DatasetSelection.SourcesOf(data).ToList();
        _trainData.Resolve(sources);
        foreach (var buffer in _valBuffers) buffer.ResolveSources(sources);
        // A run resumed inside the experience already held its validation samples out.
        if (!strategy.IsResumingExperience) HoldOutValidation(data, (int)strategy.Clock.TrainExpCounter);
        strategy.AdaptedDataset = _trainData.View ?? throw new InvalidOperationException("BiC held every sample of the experience out for validation; give it a larger experience or a smaller memory.");
    }

    private void HoldOutValidation(DatasetView data, int experience)
    {
        var byClass = new Dictionary<int, List<int>>();
        var order = new List<int>();
        var targets = data.Targets;
        for (int i = 0; i < targets.Length; i++)
        {
            if (!byClass.TryGetValue(targets[i], out var positions)) { byClass[targets[i]] = positions = []; order.Add(targets[i]); }
            positions.Add(i);
        }
        foreach (int c in order) _classToExperience[c] = experience;
        var seen = _classToExperience.Keys.ToList();
        var lengths = ValidationLengths(seen.Count);
        int LengthOf(int c) => lengths[seen.IndexOf(c)];
        var train = new List<DatasetView>();
        foreach (int c in order)
        {
            var positions = byClass[c];
            int length = Math.Min(LengthOf(c), positions.Count);
            var held = data.Subset(positions.Take(length).ToArray());
            int at = _valClasses.IndexOf(c);
            if (at >= 0)
            {
                _valBuffers[at].UpdateFromDataset(held);
                _valBuffers[at].Resize(LengthOf(c));
            }
            else
            {
                var buffer = new ReservoirSamplingBuffer(LengthOf(c));
                buffer.UpdateFromDataset(held);
                _valClasses.Add(c);
                _valBuffers.Add(buffer);
            }
            if (positions.Count > length) train.Add(data.Subset(positions.Skip(length).ToArray()));
        }
        for (int i = 0; i < _valClasses.Count; i++) _valBuffers[i].Resize(LengthOf(_valClasses[i]));
        _trainData.Replace(train.Count == 0 ? null : CanonicalConcat.Of(train, "bic/train"));
    }

    void IStrategyPlugin.BeforeTrainingExp(SupervisedTemplate strategy)
    {
        _storagePolicy.ResolveSources(DatasetSelection.SourcesOf(strategy.Experience.Dataset));
        if (_storagePolicy.Buffer is { Count: > 0 } buffer)
            _memory.BeginOrContinue(strategy.IsResumingExperience, buffer, _batchSizeMem > 0 ? _batchSizeMem : strategy.TrainMbSize, dropLast: false, strategy.Device);
        else
            _memory.Stop();
    }

    Minibatch IMinibatchMixer.Mix(SupervisedTemplate strategy, Minibatch batch)
    {
        if (!_memory.IsActive) return batch;
        using var memory = _memory.Next();
        return Minibatch.Concat(batch, memory);
    }

    void IStrategyPlugin.BeforeForward(SupervisedTemplate strategy)
    {
        _oldOutputs = null;
        if (_oldModel is null) return;
        var x = strategy.MbX;
        _oldOutputs = _oldModel.Run(strategy.Model, () => ((nn.Module<Tensor, Tensor>)strategy.Model).call(x));
    }

    void IStrategyPlugin.BeforeBackward(SupervisedTemplate strategy)
    {
        if (_oldOutputs is null) return;
        var (initial, previous, current) = ClassGroups(strategy.Experience.CurrentExperience);
        var oldOutputs = initial.Count > 0 && _biasLayer is not null ? _biasLayer.Forward(_oldOutputs) : _oldOutputs;
        var oldClasses = initial.Concat(previous).Order().ToList();
        var distillation = DistillationLoss(strategy.MbOutput, oldOutputs, oldClasses, _temperature);
        _oldOutputs = null;
        double lamb = _lamb == -1 ? (double)oldClasses.Count / (oldClasses.Count + current.Count) : _lamb;
        strategy.Loss = _lamb == -1 ? strategy.Loss.Times(1.0 - lamb).Plus(distillation.Times(lamb)) : strategy.Loss.Plus(distillation.Times(lamb));
    }

    /// <summary><c>cross_entropy(output[:, classes]/T, softmax(old[:, classes]/T, dim=0))</c>: Avalanche's distillation (the softmax runs over the minibatch).</summary>
    public static Tensor DistillationLoss(Tensor output, Tensor oldOutput, IReadOnlyList<int> classes, double temperature)
    {
        using var scope = NewDisposeScope();
        var columns = tensor(classes.Select(c => (long)c).ToArray(), device: output.device);
        var soft = softmax(oldOutput.index_select(1, columns).DividedBy(temperature), 0);
        var logP = nn.functional.log_softmax(output.index_select(1, columns).DividedBy(temperature), 1);
        return soft.mul(logP).sum([1L]).mean().neg().MoveToOuterDisposeScope();
    }

    void IStrategyPlugin.AfterEvalForward(SupervisedTemplate strategy)
    {
        if (_isFirstExperience || _biasLayer is null) return;
        strategy.MbOutput = _biasLayer.Forward(strategy.MbOutput);
    }

    void IStrategyPlugin.AfterTrainingExp(SupervisedTemplate strategy)
    {
        _memory.Stop();
        _isFirstExperience = false;
        _oldModel?.Release();
        _oldModel = ModelSnapshot.Of(strategy.Model, training: false);
        int experience = (int)strategy.Clock.TrainExpCounter;
        _storagePolicy.UpdateFromDataset(_trainData.View!, experience + 1);
        if (experience > 0) BiasCorrection(strategy);
    }

    /// <summary>Stage 2: a new bias layer over the experience's classes, trained on the validation memory with the model frozen.</summary>
    private void BiasCorrection(SupervisedTemplate strategy)
    {
        var model = (nn.Module<Tensor, Tensor>)strategy.Model;
        model.eval();
        var layer = new BiasLayer(_trainData.View!.Targets.ToArray());
        using var alpha = new TorchSharp.Modules.Parameter(ones(1, device: strategy.Device));
        using var beta = new TorchSharp.Modules.Parameter(zeros(1, device: strategy.Device));
        using var optimizer = new GcSafeSgd([alpha, beta], _lr, momentum: 0.9);
        var scheduler = optim.lr_scheduler.MultiStepLR(optimizer, [50, 100, 150], 0.1);
        var validation = CanonicalConcat.Of(_valBuffers.Select(b => b.Buffer).OfType<DatasetView>().ToList(), "bic/validation")!;
        using var loader = new MinibatchLoader(validation, strategy.TrainMbSize, RngManager.Random.NextInt64(), shuffle: true, device: strategy.Device);
        for (int epoch = 0; epoch < _stage2Epochs; epoch++)
        {
            foreach (var batch in loader.NextEpoch())
            {
                using var scope = NewDisposeScope();
                using (batch)
                {
                    Tensor outputs;
                    using (no_grad()) outputs = model.call(batch.Inputs);
                    var corrected = layer.Apply(outputs, alpha, beta);
                    var loss = nn.functional.cross_entropy(corrected, batch.Targets).Plus(beta.sum().Squared().Times(0.05));
                    optimizer.zero_grad();
                    loss.backward();
                    optimizer.step();
                }
            }
            scheduler.step();
        }
        layer.Set(alpha, beta);
        _biasLayer = layer;
    }

    /// <summary>The classes first seen before the previous experience, in it, and in the current one (Avalanche's <c>_classes_groups</c>).</summary>
    private (List<int> Initial, List<int> Previous, List<int> Current) ClassGroups(int currentExperience)
    {
        var groups = (new List<int>(), new List<int>(), new List<int>());
        foreach (var (c, experience) in _classToExperience)
            (experience < currentExperience - 1 ? groups.Item1 : experience == currentExperience - 1 ? groups.Item2 : groups.Item3).Add(c);
        return groups;
    }
}
