using CheckpointGen.Benchmarks.Loading;
using CheckpointGen.Randomness;
using CheckpointGen.Training.Templates;
using CheckpointGen.Training.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Plugins.Rehearsal;

/// <summary>
/// Gradient-based Sample Selection, greedy version (Aljundi et al., 2019), as Avalanche's
/// <c>GSS_greedyPlugin</c> does it: a memory of inputs (kept as tensors) filled from the minibatches,
/// each sample scored by the largest cosine similarity between its gradient and those of random
/// memory subsets; once the memory is full, a minibatch less similar to the memory than orthogonal
/// replaces samples drawn by score, each replacement decided by a draw weighted by the two scores.
/// From the second experience on, every minibatch is trained together with a memory minibatch.
/// </summary>
/// <remarks>
/// <para>Followed from Avalanche, where it differs from the paper: the memory minibatch is drawn from
/// all <c>memSize</c> slots, filled or not (Avalanche builds its memory dataset from the whole tensor);
/// the samples offered to the memory are those of the mixed minibatch (replayed ones included); the
/// gradients of the last scoring pass are left in the parameters and the minibatch's backward pass adds
/// to them; the memory minibatch has <c>batchSizeMem</c> samples (Avalanche's <c>ReplayDataLoader</c>
/// default, 32), and the memory is read in reshuffled passes with a short last minibatch.</para>
/// <para>Memory minibatches come from a copy of the memory taken when the experience starts, as Avalanche's on
/// a GPU (it copies each memory row to the CPU to build its replay dataset; on the CPU the rows it copies
/// are views of the live memory, so replacements made during the experience are replayed at once; the copy
/// is what reproduces the published figure, see docs/baselines.md).</para>
/// <para>The memory also keeps each sample's task label, so that a multi-task model can be used (Avalanche's
/// memory has none and calls the model without task labels); with a single task it changes nothing.</para>
/// <para>Random subsets and draws come from torch's global generator, the memory minibatches' order
/// from a generator of the plugin; both are saved, with the memory, its scores and fill level.</para>
/// </remarks>
[Checkpointable]
public sealed partial class GssGreedyPlugin : IStrategyPlugin, IMinibatchMixer
{
    private readonly int _memSize;
    private readonly int _memStrength;
    private readonly int _batchSizeMem;
    private Tensor? _memoryInputs;
    private Tensor? _memoryTargets;
    private Tensor? _memoryTasks;
    private Tensor? _scores;
    private int _count;
    // The memory as it was when the experience began: what its memory minibatches are drawn from.
    private Tensor? _replayInputs;
    private Tensor? _replayTargets;
    private Tensor? _replayTasks;
    private CheckpointableRandom _orderRandom = new(0);
    private int[] _order = [];
    private int _next;

    /// <summary>Creates the plugin.</summary>
    /// <param name="memSize">Memory slots.</param>
    /// <param name="memStrength">Memory subsets a sample's gradient is compared with (Avalanche's <c>mem_strength</c>).</param>
    /// <param name="inputSize">Shape of one input (e.g. [1, 28, 28]); null: taken from the first minibatch.</param>
    /// <param name="batchSizeMem">Memory samples added to each minibatch from the second experience on.</param>
    public GssGreedyPlugin(int memSize = 200, int memStrength = 5, long[]? inputSize = null, int batchSizeMem = 32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(memSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(memStrength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSizeMem, 1);
        _memSize = memSize;
        _memStrength = memStrength;
        _batchSizeMem = batchSizeMem;
        if (inputSize is not null) Allocate(inputSize, CPU);
    }

    /// <summary>Memory samples filled so far (Avalanche's <c>ext_mem_list_current_index</c>).</summary>
    public int Count => _count;

    /// <summary>The memory's inputs (all slots), or null before the first minibatch when no input size was given.</summary>
    public Tensor? MemoryInputs => _memoryInputs;

    /// <summary>The memory's labels (all slots).</summary>
    public Tensor? MemoryTargets => _memoryTargets;

    /// <summary>The memory's task labels (all slots).</summary>
    public Tensor? MemoryTaskLabels => _memoryTasks;

    /// <summary>The memory samples' scores (all slots).</summary>
    public Tensor? Scores => _scores;

    private void Allocate(long[] inputSize, Device device)
    {
        _memoryInputs = zeros([_memSize, .. inputSize], device: device).DetachFromDisposeScope();
        _memoryTargets = zeros(_memSize, ScalarType.Int64, device).DetachFromDisposeScope();
        _memoryTasks = zeros(_memSize, ScalarType.Int64, device).DetachFromDisposeScope();
        _scores = zeros(_memSize, device: device).DetachFromDisposeScope();
    }

    void IStrategyPlugin.BeforeTraining(SupervisedTemplate strategy)
    {
        if (_memoryInputs is null) return;
        _memoryInputs = Move(_memoryInputs, strategy.Device);
        _memoryTargets = Move(_memoryTargets!, strategy.Device);
        _memoryTasks = Move(_memoryTasks!, strategy.Device);
        _scores = Move(_scores!, strategy.Device);
    }

    private static Tensor Move(Tensor tensor, Device device)
    {
        if (tensor.device.type == device.type && tensor.device.index == device.index) return tensor;
        var moved = tensor.to(device).DetachFromDisposeScope();
        tensor.Dispose();
        return moved;
    }

    void IStrategyPlugin.BeforeTrainingExp(SupervisedTemplate strategy)
    {
        if (strategy.IsResumingExperience) return;
        // Avalanche builds a replay loader for the experience once the memory holds anything.
        _replayInputs?.Dispose();
        _replayTargets?.Dispose();
        _replayTasks?.Dispose();
        _replayInputs = _count == 0 ? null : _memoryInputs!.clone().DetachFromDisposeScope();
        _replayTargets = _count == 0 ? null : _memoryTargets!.clone().DetachFromDisposeScope();
        _replayTasks = _count == 0 ? null : _memoryTasks!.clone().DetachFromDisposeScope();
        _orderRandom = new CheckpointableRandom(RngManager.Random.NextInt64());
        _order = [];
        _next = 0;
    }

    Minibatch IMinibatchMixer.Mix(SupervisedTemplate strategy, Minibatch batch)
    {
        if (_replayInputs is null) return batch;
        if (_next >= _order.Length)
        {
            _order = Benchmarks.Loading.ShuffleOrder.Draw(_memSize, _orderRandom);
            _next = 0;
        }
        int length = Math.Min(_batchSizeMem, _memSize - _next);
        using var scope = NewDisposeScope();
        var index = tensor(_order.AsSpan(_next, length).ToArray().Select(i => (long)i).ToArray(), device: _replayInputs.device);
        _next += length;
        var inputs = _replayInputs.index_select(0, index).to(strategy.Device);
        var targets = _replayTargets!.index_select(0, index).to(strategy.Device);
        var tasks = _replayTasks!.index_select(0, index).to(strategy.Device);
        var mixed = Minibatch.Concat(batch, inputs, targets, tasks);
        mixed.Inputs.DetachFromDisposeScope();
        mixed.Targets.DetachFromDisposeScope();
        mixed.TaskLabels.DetachFromDisposeScope();
        return mixed;
    }

    void IStrategyPlugin.AfterForward(SupervisedTemplate strategy)
    {
        var model = strategy.Model;
        model.eval();
        try
        {
            var x = strategy.MbX;
            if (_memoryInputs is null) Allocate(x.shape[1..], x.device);
            Select(strategy, model.parameters().ToList(), x, strategy.MbY, strategy.MbTaskId);
        }
        finally
        {
            model.train();
        }
    }

    private void Select(SupervisedTemplate strategy, IReadOnlyList<Parameter> parameters, Tensor x, Tensor y, Tensor tasks)
    {
        using var scope = NewDisposeScope();
        int batch = (int)x.shape[0];
        int placeLeft = _memSize - _count;
        if (placeLeft <= 0)
        {
            var memoryGradients = GradientSimilarity.MemorySubsets(strategy, parameters, _memoryInputs!, _memoryTargets!, _memoryTasks!, _count, batch, _memStrength);
            var batchGradient = GradientSimilarity.Of(strategy, parameters, x, y, tasks);
            if (GradientSimilarity.Cosine(memoryGradients, batchGradient.unsqueeze(0)).max().item<float>() >= 0) return;
            var bufferScores = _scores!.narrow(0, 0, _count).cpu();
            using var margin = 0.01.ToScalar();
            var bufferSimilarity = (bufferScores - bufferScores.min()) / ((bufferScores.max() - bufferScores.min()).add(margin, HeldScalars.One));
            var index = multinomial(bufferSimilarity, batch, replacement: false).to(x.device);
            var itemSimilarity = GradientSimilarity.PerSample(strategy, parameters, memoryGradients, x, y, tasks);
            using var one = 1.ToScalar();
            using var two = 2.ToScalar();
            var scaledItem = itemSimilarity.add(one, HeldScalars.One).div(two).unsqueeze(1);
            var scaledBuffer = _scores.index_select(0, index).add(one, HeldScalars.One).div(two).unsqueeze(1);
            var outcome = multinomial(cat([scaledItem, scaledBuffer], 1), 1, replacement: false).squeeze(1).to_type(ScalarType.Bool);
            var replaced = outcome.nonzero().squeeze(1);
            if (replaced.shape[0] == 0) return;
            var slots = index.index_select(0, replaced);
            using var noGrad = no_grad();
            _memoryInputs!.index_copy_(0, slots, x.index_select(0, replaced).detach());
            _memoryTargets!.index_copy_(0, slots, y.index_select(0, replaced));
            _memoryTasks!.index_copy_(0, slots, tasks.index_select(0, replaced));
            _scores.index_copy_(0, slots, itemSimilarity.index_select(0, replaced));
        }
        else
        {
            int offset = Math.Min(placeLeft, batch);
            var newX = x.narrow(0, 0, offset);
            var newY = y.narrow(0, 0, offset);
            Tensor similarity;
            if (_count == 0)
            {
                using var first = 0.1.ToScalar();
                similarity = zeros(offset, device: x.device).add(first, HeldScalars.One);
            }
            else
            {
                var memoryGradients = GradientSimilarity.MemorySubsets(strategy, parameters, _memoryInputs!, _memoryTargets!, _memoryTasks!, _count, batch, _memStrength);
                similarity = GradientSimilarity.PerSample(strategy, parameters, memoryGradients, newX, newY, tasks.narrow(0, 0, offset));
            }
            using var noGrad = no_grad();
            _memoryInputs!.narrow(0, _count, offset).copy_(newX.detach());
            _memoryTargets!.narrow(0, _count, offset).copy_(newY);
            _memoryTasks!.narrow(0, _count, offset).copy_(tasks.narrow(0, 0, offset));
            _scores!.narrow(0, _count, offset).copy_(similarity);
            _count += offset;
        }
    }
}
