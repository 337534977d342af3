using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Benchmarks.Loading;
using CheckpointGen.Training.Storage;
using CheckpointGen.Training.Templates;
using CheckpointGen.Training.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Plugins.Rehearsal;

/// <summary>
/// Dark Experience Replay, DER and DER++ (Buzzega et al., 2020), as Avalanche's <c>DER</c> strategy
/// does it: a class-balanced buffer whose samples keep the logits the model gave them when their
/// experience ended; every minibatch is trained together with a memory minibatch, with the loss
/// <c>CE(experience) + α·MSE(memory outputs, stored logits) + β·CE(memory)</c> (β = 0 is DER, β &gt; 0 DER++).
/// </summary>
/// <remarks>
/// <para>As in Avalanche and unlike the paper: one joint forward pass and one memory minibatch (the
/// paper draws two), and logits are stored after training on the experience, in evaluation mode,
/// rather than when the sample is first seen. The memory samples follow the experience's in the
/// minibatch (Avalanche puts them first; the loss is the same).</para>
/// <para>A memory minibatch always has <c>batchSizeMem</c> samples: replay starts once the buffer holds
/// that many. The buffer, its logits and the memory stream's position are saved.</para>
/// <para>A model whose output grows (an incremental or multi-head classifier) gives logits of different
/// widths over time; Avalanche's DER then fails comparing them. Here stored rows are widened with NaN and
/// the logit term covers, for each sample, the units the model had when its logits were stored (with
/// logits of one width throughout it is Avalanche's <c>mse_loss</c>).</para>
/// </remarks>
[Checkpointable]
public sealed partial class DerPlugin : IStrategyPlugin, IMinibatchMixer, ITrainingCriterion
{
    private readonly ClassBalancedBuffer _storagePolicy;
    private readonly int _batchSizeMem;
    private readonly double _alpha;
    private readonly double _beta;
    private readonly ReplayLoader _memory = new();

    // The buffer's logits in buffer order, taken from the storage policy when the memory stream (re)starts, and whether
    // some rows were widened with NaN (a model whose output grew).
    [CheckpointIgnore] private Tensor? _bufferLogits;
    [CheckpointIgnore] private bool _bufferHasGaps;

    // The iteration under way: how many rows of the minibatch are the experience's, the memory rows' logits.
    [CheckpointIgnore] private int _dataRows;
    [CheckpointIgnore] private Tensor? _memoryLogits;

    /// <summary>Creates the plugin.</summary>
    /// <param name="memSize">Buffer capacity.</param>
    /// <param name="batchSizeMem">Memory samples per minibatch; 0 (Avalanche's None): the strategy's training minibatch size.</param>
    /// <param name="alpha">Weight of the logit-matching (MSE) term.</param>
    /// <param name="beta">Weight of the memory cross-entropy term (0: DER; above 0: DER++).</param>
    public DerPlugin(int memSize = 200, int batchSizeMem = 0, double alpha = 0.1, double beta = 0.5)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(memSize);
        ArgumentOutOfRangeException.ThrowIfNegative(batchSizeMem);
        if (!double.IsFinite(alpha) || alpha < 0) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be a finite number ≥ 0.");
        if (!double.IsFinite(beta) || beta < 0) throw new ArgumentOutOfRangeException(nameof(beta), beta, "beta must be a finite number ≥ 0.");
        _storagePolicy = new ClassBalancedBuffer(memSize, adaptiveSize: true);
        _batchSizeMem = batchSizeMem;
        _alpha = alpha;
        _beta = beta;
    }

    /// <summary>The buffer; its samples carry their logits (<see cref="BalancedExemplarsBuffer.Values"/>).</summary>
    public ClassBalancedBuffer StoragePolicy => _storagePolicy;

    /// <summary>Weight of the logit-matching term.</summary>
    public double Alpha => _alpha;

    /// <summary>Weight of the memory cross-entropy term (0 for DER).</summary>
    public double Beta => _beta;

    private int BatchSizeMem(SupervisedTemplate strategy) => _batchSizeMem > 0 ? _batchSizeMem : strategy.TrainMbSize;

    void IStrategyPlugin.AfterTrainDatasetAdaptation(SupervisedTemplate strategy) =>
        _storagePolicy.ResolveSources(DatasetSelection.SourcesOf(strategy.AdaptedDataset, strategy.Experience.Dataset));

    void IStrategyPlugin.BeforeTrainingExp(SupervisedTemplate strategy)
    {
        ReleaseLogits();
        int batchSizeMem = BatchSizeMem(strategy);
        if (_storagePolicy.Buffer is not { } buffer || buffer.Count < batchSizeMem)
        {
            _memory.Stop();
            return;
        }
        _bufferLogits = _storagePolicy.Values!.DetachFromDisposeScope();
        using (var nan = _bufferLogits.isnan())
        using (var gaps = nan.any())
            _bufferHasGaps = gaps.item<bool>();
        _memory.BeginOrContinue(strategy.IsResumingExperience, buffer, batchSizeMem, dropLast: true, strategy.Device);
    }

    Minibatch IMinibatchMixer.Mix(SupervisedTemplate strategy, Minibatch batch)
    {
        _dataRows = batch.Count;
        if (!_memory.IsActive) return batch;
        using var memory = _memory.Next();
        using (var scope = NewDisposeScope())
        {
            var rows = new long[memory.Count];
            for (int i = 0; i < rows.Length; i++) rows[i] = memory.Positions[i];
            var positions = tensor(rows);
            _memoryLogits = _bufferLogits!.index_select(0, positions).to(strategy.Device).DetachFromDisposeScope();
        }
        return Minibatch.Concat(batch, memory);
    }

    Tensor ITrainingCriterion.TrainingLoss(SupervisedTemplate strategy)
    {
        if (_memoryLogits is null) return strategy.Criterion.call(strategy.MbOutput, strategy.MbY);
        var output = strategy.MbOutput;
        long memoryRows = output.shape[0] - _dataRows;
        // Stored rows were widened with NaN beyond the units the model had; this minibatch's output may be narrower or wider.
        bool sameWidth = _memoryLogits.shape[1] == output.shape[1];
        var logits = sameWidth ? _memoryLogits
            : _memoryLogits.shape[1] > output.shape[1] ? _memoryLogits.narrow(1, 0, output.shape[1])
            : Widen(_memoryLogits, output.shape[1]);
        return Loss(output.narrow(0, 0, _dataRows), strategy.MbY.narrow(0, 0, _dataRows),
            output.narrow(0, _dataRows, memoryRows), strategy.MbY.narrow(0, _dataRows, memoryRows), logits, _alpha, _beta,
            logitsMayHaveGaps: _bufferHasGaps || !sameWidth);
    }

    /// <summary>
    /// DER's loss: <c>CE(dataOutput, dataTargets) + α·MSE(memoryOutput, memoryLogits) + β·CE(memoryOutput, memoryTargets)</c>
    /// (mean reductions, summed in that order onto zero, as Avalanche's training epoch does). NaN logits are left
    /// out of the mean squared error (units a sample's logits were stored without) unless
    /// <paramref name="logitsMayHaveGaps"/> says there are none.
    /// </summary>
    public static Tensor Loss(Tensor dataOutput, Tensor dataTargets, Tensor memoryOutput, Tensor memoryTargets, Tensor memoryLogits, double alpha, double beta,
        bool logitsMayHaveGaps = true)
    {
        using var scope = NewDisposeScope();
        using var alphaScalar = alpha.ToScalar();
        using var betaScalar = beta.ToScalar();
        var loss = nn.functional.cross_entropy(dataOutput, dataTargets)
            .Plus((logitsMayHaveGaps ? MeanSquaredError(memoryOutput, memoryLogits) : nn.functional.mse_loss(memoryOutput, memoryLogits)).mul(alphaScalar))
            .Plus(nn.functional.cross_entropy(memoryOutput, memoryTargets).mul(betaScalar));
        return loss.MoveToOuterDisposeScope();
    }

    private static Tensor MeanSquaredError(Tensor output, Tensor logits)
    {
        var missing = logits.isnan();
        if (!missing.any().item<bool>()) return nn.functional.mse_loss(output, logits);
        var present = missing.logical_not();
        var squared = (output - logits.nan_to_num(0)).Squared().mul(present);
        return squared.sum() / present.sum();
    }

    private static Tensor Widen(Tensor rows, long width) => nn.functional.pad(rows, [0, width - rows.shape[1]], value: double.NaN);

    void IStrategyPlugin.AfterTrainingIteration(SupervisedTemplate strategy)
    {
        _memoryLogits?.Dispose();
        _memoryLogits = null;
    }

    void IStrategyPlugin.AfterTrainingExp(SupervisedTemplate strategy)
    {
        _memory.Stop();
        ReleaseLogits();
        var data = strategy.Experience.Dataset;
        if (data.Count == 0) return;
        using var scope = NewDisposeScope();
        var logits = Logits(strategy, data);
        long width = Math.Max(logits.shape[1], _storagePolicy.Buffer is null ? 0 : _storagePolicy.GroupKeys.Select(k => _storagePolicy.GroupOf(k)!.Values?.shape[1] ?? 0).Max());
        _storagePolicy.WidenValues(width, double.NaN);
        _storagePolicy.UpdateFromDataset(data, logits.shape[1] < width ? Widen(logits, width) : logits);
    }

    /// <summary>The model's outputs for every sample of <paramref name="data"/>, in evaluation mode, on the CPU (Avalanche's <c>compute_dataset_logits</c>).</summary>
    private static Tensor Logits(SupervisedTemplate strategy, DatasetView data)
    {
        var model = strategy.Model;
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            using var loader = new MinibatchLoader(data, strategy.TrainMbSize, seed: 0, position: null, shuffle: false, device: strategy.Device);
            var rows = new List<Tensor>();
            using var scope = NewDisposeScope();
            foreach (var batch in loader.NextEpoch())
                using (batch)
                    rows.Add(strategy.Forward(batch.Inputs, batch.TaskLabels).detach().cpu());
            // Minibatches of different tasks may give outputs of different widths (multi-head models).
            long width = rows.Max(r => r.shape[1]);
            return cat(rows.Select(r => r.shape[1] < width ? Widen(r, width) : r).ToList(), 0).MoveToOuterDisposeScope();
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    private void ReleaseLogits()
    {
        _bufferLogits?.Dispose();
        _bufferLogits = null;
        _bufferHasGaps = false;
    }
}
