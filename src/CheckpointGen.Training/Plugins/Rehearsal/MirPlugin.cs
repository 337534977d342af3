using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Training.Storage;
using CheckpointGen.Training.Templates;
using CheckpointGen.Training.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Plugins.Rehearsal;

/// <summary>
/// Maximally Interfered Retrieval (Aljundi et al., 2019), as Avalanche's <c>MIRPlugin</c> does it:
/// at each iteration a subsample of the memory is scored by how much a virtual SGD step on the
/// current minibatch would raise each sample's loss, and the loss of the <c>batchSizeMem</c> most
/// interfered samples is added to the minibatch's loss.
/// </summary>
/// <remarks>
/// <para>The memory is a class-balanced buffer updated after every experience (every mini-experience of
/// an online stream). The subsample stream is rebuilt then over the buffer without the classes of the
/// experience's last minibatch, and only when that holds more than <c>batchSizeMem</c> samples.</para>
/// <para>The virtual step is <c>p − lr·g</c> with the optimizer's first learning rate, applied to the
/// model's own parameters and undone after scoring (Avalanche steps a deep copy, which TorchSharp cannot
/// make of an arbitrary module; the values are the same). The scoring passes run in training mode, as
/// Avalanche's (its <c>eval()</c> calls are commented out), in the same order, so dropout draws the same
/// masks. Per-sample losses are the criterion's with no reduction; the criterion must be a
/// <c>CrossEntropyLoss</c>.</para>
/// <para>Avalanche scores in <c>before_backward</c> (with <c>autograd.grad</c>) and adds the replay loss to the
/// minibatch's before one backward pass. Changing the parameters in place is only allowed once the
/// minibatch's graph is spent, so here the scoring runs after the minibatch's backward pass, from its
/// gradients, and the replay loss is back-propagated on its own: the gradients add up to those of the
/// summed loss, and <see cref="SupervisedTemplate.Loss"/> is the sum, as there. One difference: a penalty
/// another plugin adds before the backward pass (EWC's) is part of the gradient the virtual step uses.</para>
/// </remarks>
[Checkpointable]
public sealed partial class MirPlugin : IStrategyPlugin
{
    private readonly ClassBalancedBuffer _storagePolicy;
    private readonly int _batchSizeMem;
    private readonly int _subsample;
    private readonly ReplayLoader _memory = new();
    private readonly List<int> _lastMinibatchClasses = [];
    private readonly List<int> _excludedClasses = [];

    /// <summary>Creates the plugin.</summary>
    /// <param name="batchSizeMem">Memory samples whose loss is added to each minibatch's.</param>
    /// <param name="memSize">Buffer capacity.</param>
    /// <param name="subsample">Memory samples scored per minibatch (Avalanche's <c>subsample</c>).</param>
    public MirPlugin(int batchSizeMem, int memSize = 200, int subsample = 200)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSizeMem, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(memSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(subsample, 1);
        _storagePolicy = new ClassBalancedBuffer(memSize, adaptiveSize: true);
        _batchSizeMem = batchSizeMem;
        _subsample = subsample;
    }

    /// <summary>The class-balanced buffer.</summary>
    public ClassBalancedBuffer StoragePolicy => _storagePolicy;

    /// <summary>Classes left out of the memory stream (those of the previous experience's last minibatch).</summary>
    public IReadOnlyList<int> ExcludedClasses => _excludedClasses;

    void IStrategyPlugin.AfterTrainDatasetAdaptation(SupervisedTemplate strategy) =>
        _storagePolicy.ResolveSources(DatasetSelection.SourcesOf(strategy.AdaptedDataset, strategy.Experience.Dataset));

    // The stream began after the previous experience; a restored run rebuilds it from its saved position.
    void IStrategyPlugin.BeforeTrainingExp(SupervisedTemplate strategy)
    {
        if (_memory.HasSavedStream && !_memory.IsActive) _memory.Continue(Candidates()!, _subsample, dropLast: false, strategy.Device);
    }

    void IStrategyPlugin.AfterBackward(SupervisedTemplate strategy)
    {
        if (!_memory.IsActive) return;
        using var samples = _memory.Next();
        var chosen = MostInterfered(strategy, samples.Inputs, samples.Targets, samples.TaskLabels, _batchSizeMem);
        var output = strategy.Forward(samples.Inputs.index_select(0, chosen), samples.TaskLabels.index_select(0, chosen));
        var replayLoss = strategy.Criterion.call(output, samples.Targets.index_select(0, chosen));
        replayLoss.backward();
        strategy.Loss = strategy.Loss.Plus(replayLoss).detach();
    }

    /// <summary>
    /// The positions of the <paramref name="count"/> samples whose loss a virtual SGD step along the
    /// parameters' gradients (those of the current minibatch, after its backward pass) raises most, in
    /// ascending order of that rise (Avalanche's <c>argsort(new − old)[n − count:]</c>). The parameters
    /// are left as they were, bit for bit.
    /// </summary>
    public static Tensor MostInterfered(SupervisedTemplate strategy, Tensor inputs, Tensor targets, Tensor taskLabels, int count)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        var parameters = strategy.Model.parameters().ToList();
        using var learningRate = strategy.Optimizer.ParamGroups.First().LearningRate.ToScalar();
        using var noGrad = no_grad();
        var oldLoss = PerSampleLoss(strategy, strategy.Forward(inputs, taskLabels), targets);
        var saved = parameters.Select(p => p.detach().clone()).ToList();
        foreach (var p in parameters)
            if (p.grad is { } gradient) p.sub_(gradient.mul(learningRate));
        Tensor newLoss;
        try
        {
            newLoss = PerSampleLoss(strategy, strategy.Forward(inputs, taskLabels), targets);
        }
        finally
        {
            for (int i = 0; i < parameters.Count; i++) parameters[i].copy_(saved[i]);
        }
        var order = (newLoss - oldLoss).argsort();
        long n = order.shape[0];
        return order.narrow(0, Math.Max(0, n - count), Math.Min(count, n));
    }

    private static Tensor PerSampleLoss(SupervisedTemplate strategy, Tensor output, Tensor targets) => strategy.Criterion is TorchSharp.Modules.CrossEntropyLoss ce
        ? nn.functional.cross_entropy(output, targets, ce.weight, ce.ignore_index ?? -100, nn.Reduction.None, ce.label_smoothing)
        : throw new InvalidOperationException($"MIR scores memory samples with the criterion's per-sample loss and knows CrossEntropyLoss only, not {strategy.Criterion.GetType().Name}.");

    void IStrategyPlugin.AfterTrainingIteration(SupervisedTemplate strategy)
    {
        _lastMinibatchClasses.Clear();
        var (classes, _, _) = strategy.MbY.unique();
        using var onCpu = classes.cpu();
        _lastMinibatchClasses.AddRange(onCpu.data<long>().ToArray().Select(c => (int)c));
    }

    void IStrategyPlugin.AfterTrainingExp(SupervisedTemplate strategy)
    {
        _storagePolicy.Update(strategy);
        _excludedClasses.Clear();
        _excludedClasses.AddRange(_lastMinibatchClasses);
        if (Candidates() is { } candidates && candidates.Count > _batchSizeMem)
            _memory.Begin(candidates, _subsample, dropLast: false, strategy.Device);
        else
            _memory.Stop();
    }

    /// <summary>The buffer without the excluded classes, or null when nothing is left.</summary>
    private DatasetView? Candidates()
    {
        var views = _storagePolicy.GroupKeys.Where(k => !_excludedClasses.Contains(k))
            .Select(k => _storagePolicy.GroupOf(k)!.Buffer).OfType<DatasetView>().ToList();
        return CanonicalConcat.Of(views, "MIR candidates");
    }
}
