using CheckpointGen.Randomness;
using CheckpointGen.Training.Plugins.Regularization;
using CheckpointGen.Training.Templates;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Plugins.Projection;

/// <summary>
/// Averaged GEM (Avalanche's <c>AGEMPlugin</c>). After each experience it keeps up to
/// <c>patternsPerExperience</c> random patterns of it as one buffer. Before every training iteration
/// it takes a reference minibatch of <c>sampleSize / buffers</c> patterns from each buffer and
/// computes the reference gradient g_ref; after the backward pass, when <c>g · g_ref &lt; 0</c>, the
/// gradient becomes <c>g − (g · g_ref / g_ref · g_ref) g_ref</c>.
/// </summary>
/// <remarks>
/// The reference minibatches follow Avalanche's <c>GroupBalancedInfiniteDataLoader</c> exactly: each
/// buffer is read in order, in chunks of <c>sampleSize / buffers</c> (the last chunk of a pass may be
/// shorter), cycling forever, and every buffer restarts when a new buffer is added. The cursors are
/// plain state, so a restored run continues with the same chunks. Which patterns enter a buffer is
/// drawn with <see cref="RngManager.Random"/>.
/// </remarks>
[Checkpointable]
[CheckpointFormerName("CheckpointGen.Training.Plugins.AgemPlugin")]
public sealed partial class AgemPlugin : IStrategyPlugin
{
    [CheckpointConfiguration] private readonly int _patternsPerExperience;
    [CheckpointConfiguration] private readonly int _sampleSize;
    private List<Tensor> _bufferX = new();
    private List<Tensor> _bufferY = new();
    private List<Tensor> _bufferTid = new();
    // Next chunk of each buffer's endless in-order pass.
    private List<int> _nextChunk = new();
    [CheckpointIgnore] private Tensor? _referenceGradient;

    /// <summary>Creates the plugin.</summary>
    /// <param name="patternsPerExperience">Patterns kept from each experience.</param>
    /// <param name="sampleSize">Patterns in a reference minibatch (split evenly across the buffers).</param>
    public AgemPlugin(int patternsPerExperience, int sampleSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(patternsPerExperience, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleSize, 1);
        _patternsPerExperience = patternsPerExperience;
        _sampleSize = sampleSize;
    }

    /// <summary>Number of buffers (experiences seen).</summary>
    public int BufferCount => _bufferX.Count;

    /// <summary>Inputs of each buffer (read-only use).</summary>
    public IReadOnlyList<Tensor> BufferInputs => _bufferX;

    /// <summary>The next chunk index of each buffer (read-only use).</summary>
    public IReadOnlyList<int> NextChunks => _nextChunk;

    /// <summary>The projection: g unchanged when <c>g · ref ≥ 0</c>, else <c>g − (g·ref / ref·ref) ref</c>.</summary>
    public static Tensor Project(Tensor gradient, Tensor reference)
    {
        var dot = torch.dot(gradient, reference);
        if (!(dot.item<float>() < 0)) return gradient; // as Avalanche: project only when the dot product is negative (not on NaN)
        var alpha2 = dot / torch.dot(reference, reference);
        return gradient - reference * alpha2;
    }

    /// <summary>Takes the next reference minibatch (inputs, targets, task labels), advancing the cursors.</summary>
    internal (Tensor X, Tensor Y, Tensor Tid) NextReferenceBatch()
    {
        int perBuffer = _sampleSize / _bufferX.Count;
        if (perBuffer == 0)
            throw new InvalidOperationException($"A-GEM's sample size {_sampleSize} is smaller than its number of buffers ({_bufferX.Count}): each buffer would contribute 0 patterns.");
        var xs = new List<Tensor>();
        var ys = new List<Tensor>();
        var tids = new List<Tensor>();
        for (int b = 0; b < _bufferX.Count; b++)
        {
            long length = _bufferX[b].shape[0];
            int chunks = (int)((length + perBuffer - 1) / perBuffer);
            int chunk = _nextChunk[b] % chunks;
            long start = (long)chunk * perBuffer;
            long count = Math.Min(perBuffer, length - start);
            xs.Add(_bufferX[b].narrow(0, start, count));
            ys.Add(_bufferY[b].narrow(0, start, count));
            tids.Add(_bufferTid[b].narrow(0, start, count));
            _nextChunk[b] = (chunk + 1) % chunks;
        }
        return (torch.cat(xs, 0), torch.cat(ys, 0), torch.cat(tids, 0));
    }

    void IStrategyPlugin.BeforeTrainingIteration(SupervisedTemplate strategy)
    {
        _referenceGradient?.Dispose();
        _referenceGradient = null;
        if (_bufferX.Count == 0) return;
        using var scope = NewDisposeScope();
        var model = strategy.Model;
        model.train();
        strategy.Optimizer.zero_grad();
        var (x, y, tid) = NextReferenceBatch();
        var output = strategy.Forward(x.to(strategy.Device), tid.to(strategy.Device));
        strategy.Criterion.call(output, y.to(strategy.Device)).backward();
        _referenceGradient = ParameterMaps.FlatGradients(model).clone().DetachFromDisposeScope();
        strategy.Optimizer.zero_grad();
    }

    void IStrategyPlugin.AfterBackward(SupervisedTemplate strategy)
    {
        if (_referenceGradient is null) return;
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var current = ParameterMaps.FlatGradients(strategy.Model);
        if (current.shape[0] != _referenceGradient.shape[0])
            throw new InvalidOperationException("A-GEM: the model's parameters changed between the reference gradient and the backward pass.");
        var projected = Project(current, _referenceGradient);
        if (!ReferenceEquals(projected, current)) ParameterMaps.SetFlatGradients(strategy.Model, projected);
    }

    void IStrategyPlugin.AfterTrainingExp(SupervisedTemplate strategy)
    {
        var dataset = strategy.Experience.Dataset;
        // Avalanche shuffles indices only when the experience has more patterns than the buffer holds.
        int[] positions = dataset.Count > _patternsPerExperience
            ? PatternMemory.RandomPositions(dataset.Count, _patternsPerExperience, RngManager.Random)
            : Enumerable.Range(0, dataset.Count).ToArray();
        var (x, y, tid) = PatternMemory.Gather(dataset, positions);
        _bufferX.Add(x);
        _bufferY.Add(y);
        _bufferTid.Add(tid);
        // A new loader over all buffers: every buffer starts its pass again.
        _nextChunk = [.. Enumerable.Repeat(0, _bufferX.Count)];
    }
}
