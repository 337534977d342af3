using CheckpointGen.Benchmarks.Loading;
using CheckpointGen.Training.Storage;
using CheckpointGen.Training.Templates;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Plugins.Prototypes;

/// <summary>
/// Continual Prototype Evolution (De Lange and Tuytelaars, 2021) as Avalanche's <c>CoPEPlugin</c>: a prototype per
/// class (<see cref="ClassPrototypes"/>) updated by momentum after each experience from the embeddings of the
/// minibatches trained on, the pseudo-prototypical proxy loss (<see cref="PseudoPrototypicalProxyLoss"/>), a
/// class-balanced replay memory whose minibatches join every training minibatch, and nearest-prototype
/// prediction in evaluation. The model's output is the embedding, L2-normalized (the <see cref="Strategies.CoPE"/>
/// strategy appends the normalization).
/// </summary>
/// <remarks>
/// <para>CoPE is online: each experience (of an online stream: each mini-experience) is trained for
/// <c>maxIterations</c> minibatches, then training stops (Avalanche's <c>max_it_cnt</c>, 1 by default). The memory
/// (a <see cref="ClassBalancedBuffer"/> of <c>memSize</c> samples, the capacity split over the classes seen) takes
/// the experience's data after it, as the prototypes are updated; from then on each training minibatch is followed
/// by as many memory samples, drawn from a reshuffled stream over the memory (Avalanche's <c>ReplayDataLoader</c>
/// with <c>batch_size_mem = train_mb_size</c>).</para>
/// <para>Differences from Avalanche: <c>maxIterations</c> 0 lifts the cap, so CoPE also trains whole (not online)
/// experiences, an epoch being the experience's data (Avalanche's replay loader would run over the longer of the
/// data and the memory); with prototypes created as classes appear, classes without one are never predicted
/// (Avalanche's code fails there).</para>
/// </remarks>
[Checkpointable]
public sealed partial class CopePlugin : IStrategyPlugin, IMinibatchMixer
{
    [CheckpointConfiguration] private readonly int _numClasses;
    [CheckpointConfiguration] private readonly double _temperature;
    [CheckpointConfiguration] private readonly int _maxIterations;
    [CheckpointConfiguration] private readonly bool _adaptivePrototypes;
    private readonly ClassPrototypes _prototypes;
    private readonly ClassBalancedBuffer _storagePolicy;
    private readonly ReplayLoader _memory = new();
    private int _iterations;
    private bool _initialized;

    /// <summary>Creates the plugin.</summary>
    /// <param name="memSize">Replay memory capacity.</param>
    /// <param name="numClasses">Classes predictions cover (Avalanche's <c>n_classes</c>).</param>
    /// <param name="prototypeSize">Features of the embedding and of each prototype (Avalanche's <c>p_size</c>).</param>
    /// <param name="alpha">Momentum of the prototype update.</param>
    /// <param name="temperature">Softmax temperature of the loss (Avalanche's <c>T</c>).</param>
    /// <param name="maxIterations">Minibatches trained per experience (Avalanche's <c>max_it_cnt</c>); 0: no cap.</param>
    /// <param name="adaptivePrototypes">Create a class's prototype when the class first appears (Avalanche's <c>p_init_adaptive</c>) rather than all <paramref name="numClasses"/> before training.</param>
    public CopePlugin(int memSize = 200, int numClasses = 10, int prototypeSize = 100, double alpha = 0.99, double temperature = 0.1,
        int maxIterations = 1, bool adaptivePrototypes = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(memSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(temperature);
        ArgumentOutOfRangeException.ThrowIfNegative(maxIterations);
        _numClasses = numClasses;
        _temperature = temperature;
        _maxIterations = maxIterations;
        _adaptivePrototypes = adaptivePrototypes;
        _prototypes = new ClassPrototypes(prototypeSize, alpha);
        _storagePolicy = new ClassBalancedBuffer(memSize, adaptiveSize: true);
    }

    /// <summary>The prototypes.</summary>
    public ClassPrototypes Prototypes => _prototypes;

    /// <summary>The class-balanced replay memory.</summary>
    public ClassBalancedBuffer StoragePolicy => _storagePolicy;

    /// <summary>Classes predictions cover.</summary>
    public int NumClasses => _numClasses;

    /// <summary>The pseudo-prototypical proxy loss of <paramref name="embeddings"/> against the current prototypes.</summary>
    public Tensor Loss(Tensor embeddings, Tensor targets)
    {
        using var prototypes = _prototypes.Stacked();
        return PseudoPrototypicalProxyLoss.Loss(embeddings, targets, _prototypes.Classes, prototypes, _temperature);
    }

    /// <summary>One-hot predictions over <see cref="NumClasses"/> classes: the nearest prototype of each embedding.</summary>
    public Tensor Predict(Tensor embeddings) => _prototypes.Predict(embeddings, _numClasses);

    void IStrategyPlugin.BeforeTraining(SupervisedTemplate strategy)
    {
        if (_initialized) return;
        if (!_adaptivePrototypes) _prototypes.AddMissing(Enumerable.Range(0, _numClasses), strategy.Device);
        _initialized = true;
    }

    void IStrategyPlugin.AfterTrainDatasetAdaptation(SupervisedTemplate strategy) =>
        _storagePolicy.ResolveSources(DatasetSelection.SourcesOf(strategy.AdaptedDataset, strategy.Experience.Dataset));

    void IStrategyPlugin.BeforeTrainingExp(SupervisedTemplate strategy)
    {
        // A run resumed inside the experience continues its count and its memory stream.
        if (!strategy.IsResumingExperience) _iterations = 0;
        if (_storagePolicy.Buffer is { Count: > 0 } buffer)
            _memory.BeginOrContinue(strategy.IsResumingExperience, buffer, strategy.TrainMbSize, dropLast: false, strategy.Device);
        else
            _memory.Stop();
    }

    Minibatch IMinibatchMixer.Mix(SupervisedTemplate strategy, Minibatch batch)
    {
        if (!_memory.IsActive) return batch;
        using var memory = _memory.Next();
        return Minibatch.Concat(batch, memory);
    }

    void IStrategyPlugin.AfterForward(SupervisedTemplate strategy)
    {
        if (_adaptivePrototypes)
        {
            using var cpuTargets = strategy.MbY.cpu();
            _prototypes.AddMissing(cpuTargets.data<long>().ToArray().Select(c => (int)c), strategy.Device);
        }
        _prototypes.Accumulate(strategy.MbOutput, strategy.MbY);
    }

    void IStrategyPlugin.AfterTrainingIteration(SupervisedTemplate strategy)
    {
        _iterations++;
        if (_iterations == _maxIterations) strategy.StopTraining();
    }

    void IStrategyPlugin.AfterTrainingExp(SupervisedTemplate strategy)
    {
        _memory.Stop();
        _prototypes.Update();
        _storagePolicy.Update(strategy);
    }

    void IStrategyPlugin.AfterEvalIteration(SupervisedTemplate strategy) =>
        strategy.MbOutput = Predict(strategy.MbOutput);
}
