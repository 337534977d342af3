using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Randomness;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Benchmarks.Loading;

/// <summary>
/// Iterates a <see cref="DatasetView"/> in minibatches, shuffled every epoch by its own
/// <see cref="CheckpointableRandom"/> (never System.Random). Batches are gathered with one
/// <c>index_select</c> from the source's normalised float copy (<see cref="TensorDataset.ModelInputs"/>,
/// converted once), then moved to the device.
/// </summary>
/// <remarks>
/// The loader's position lives in a <see cref="LoaderPosition"/> (epoch, next batch, the shuffling
/// generator and its state at the start of the epoch) that the owner checkpoints; a loader built with
/// a restored position rebuilds the epoch's order and continues with exactly the batches the
/// interrupted run would have seen. A batch counts as consumed once it has been handed out; save
/// after processing it.
/// </remarks>
public sealed class MinibatchLoader : IDisposable
{
    private readonly LoaderPosition _position;
    private int[]? _order;
    private Tensor? _sourceOrder; // single-part views: source index of each order position
    private Tensor? _positionOrder; // preloaded views: the epoch's order as a tensor
    private readonly int[] _taskLabels;
    private readonly bool _preload;
    private Tensor? _preloadedInputs, _preloadedTargets, _preloadedTasks;

    /// <summary>Creates a loader over <paramref name="dataset"/>.</summary>
    /// <param name="dataset">The samples (e.g. an experience's dataset).</param>
    /// <param name="batchSize">Samples per batch.</param>
    /// <param name="seed">Seed of the shuffling generator when <paramref name="position"/> has not started; the same seed gives the same epoch orders everywhere.</param>
    /// <param name="position">Where to continue from (a restored position), or null for a private one starting at epoch 0.</param>
    /// <param name="shuffle">Shuffle every epoch; false: dataset order.</param>
    /// <param name="dropLast">Drop the last, incomplete batch of an epoch.</param>
    /// <param name="device">Where batches go (default CPU).</param>
    /// <param name="preload">From the second epoch on, take batches from a copy of the whole view's inputs, targets and task labels
    /// gathered onto the device once (for a small view iterated many times, such as a replay memory; a stream that ends within its
    /// first epoch never pays for the copy); the batches hold the same values.</param>
    /// <exception cref="DatasetMismatchException">A restored <paramref name="position"/> refers to another dataset.</exception>
    public MinibatchLoader(DatasetView dataset, int batchSize, long seed, LoaderPosition? position = null, bool shuffle = true, bool dropLast = false, Device? device = null,
        bool preload = false)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        Dataset = dataset;
        BatchSize = batchSize;
        Shuffle = shuffle;
        DropLast = dropLast;
        Device = device ?? torch.CPU;
        _taskLabels = Enumerable.Range(0, dataset.Count).Select(dataset.TaskLabelAt).ToArray();
        _preload = preload;
        _position = position ?? new LoaderPosition();
        if (_position.Started) Resume();
        else Start(seed);
    }

    /// <summary>The samples iterated.</summary>
    public DatasetView Dataset { get; }

    /// <summary>Samples per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Whether every epoch is shuffled.</summary>
    public bool Shuffle { get; }

    /// <summary>Whether the last incomplete batch is dropped.</summary>
    public bool DropLast { get; }

    /// <summary>The device batches are put on.</summary>
    public Device Device { get; }

    /// <summary>The position (shared with its owner, who checkpoints it).</summary>
    public LoaderPosition Position => _position;

    /// <summary>The epoch under way, or the next one to start (from 0).</summary>
    public int Epoch => _position.Epoch;

    /// <summary>Index of the next batch within the epoch under way.</summary>
    public int BatchIndex => _position.BatchIndex;

    /// <summary>True between the first and the last batch of an epoch.</summary>
    public bool InEpoch => _position.InEpoch;

    /// <summary>Batches in one epoch.</summary>
    public int BatchesPerEpoch => DropLast ? Dataset.Count / BatchSize : (Dataset.Count + BatchSize - 1) / BatchSize;

    /// <summary>The order of the epoch under way (positions in <see cref="Dataset"/>), or null between epochs.</summary>
    public IReadOnlyList<int>? CurrentOrder => _order;

    /// <summary>
    /// The remaining batches of the epoch under way, or of a new epoch when none is under way.
    /// Each batch is produced when the enumeration reaches it.
    /// </summary>
    public IEnumerable<Minibatch> NextEpoch()
    {
        if (!InEpoch) BeginEpoch();
        while (InEpoch) yield return TakeBatch();
    }

    /// <summary>
    /// The next batch of an endless stream: a new shuffled epoch starts whenever one ends (Avalanche's
    /// memory loader for replay works this way).
    /// </summary>
    /// <exception cref="InvalidOperationException">The dataset is empty.</exception>
    public Minibatch NextBatch()
    {
        if (!InEpoch) BeginEpoch();
        if (!InEpoch) throw new InvalidOperationException($"Dataset view {Dataset.Name} has no batch to give (it is empty).");
        return TakeBatch();
    }

    private Minibatch TakeBatch()
    {
        var batch = MakeBatch(BatchIndex);
        _position.BatchIndex++;
        if (_position.BatchIndex >= BatchesPerEpoch) EndEpoch();
        return batch;
    }

    private void Start(long seed)
    {
        _position.Started = true;
        _position.Dataset = Dataset.Fingerprint.ToString();
        _position.Settings = Settings;
        _position.Random = new CheckpointableRandom(seed);
        _position.EpochStartState = _position.Random.GetState();
        _position.Epoch = 0;
        _position.BatchIndex = 0;
        _position.InEpoch = false;
    }

    /// <summary>Continues from a restored position: checks it refers to this dataset, and rebuilds the order of an epoch under way.</summary>
    private void Resume()
    {
        string dataset = Dataset.Fingerprint.ToString();
        if (_position.Dataset != dataset)
            throw new DatasetMismatchException(
                $"The minibatch loader's saved position refers to dataset {_position.Dataset}, but the loader iterates {dataset}. " +
                "Rebuild the benchmark with the same data, seed and options as the run that saved the checkpoint.");
        if (_position.Settings != Settings)
            throw new CheckpointMismatchException(
                $"The minibatch loader's saved position was made with {_position.Settings}, but this loader uses {Settings}; the position would map to other batches.");
        if (_position.BatchIndex < 0 || (_position.InEpoch ? _position.BatchIndex >= BatchesPerEpoch : _position.BatchIndex != 0))
            throw new CheckpointMismatchException(
                $"The minibatch loader's saved position (epoch {_position.Epoch}, batch {_position.BatchIndex}, in epoch: {_position.InEpoch}) is impossible for {BatchesPerEpoch} batches per epoch.");
        if (!_position.InEpoch) return;

        // Replay the epoch's shuffle from the state it started with, on a scratch generator: it must end where the saved one is.
        var replay = new CheckpointableRandom(0);
        replay.SetState(_position.EpochStartState);
        var order = Shuffle ? ShuffleOrder.Draw(Dataset.Count, replay) : ShuffleOrder.Identity(Dataset.Count);
        if (!replay.GetState().AsSpan().SequenceEqual(_position.Random.GetState()))
            throw new CheckpointMismatchException("Replaying the epoch's shuffle does not reproduce the saved generator state; the checkpoint was made with a different shuffle setting or dataset size.");
        SetOrder(order);
    }

    private string Settings => $"batchSize {BatchSize}, shuffle {Shuffle}, dropLast {DropLast}";

    private void BeginEpoch()
    {
        if (_preload && _preloadedInputs is null && _position.Epoch > 0) (_preloadedInputs, _preloadedTargets, _preloadedTasks) = Preload();
        _position.EpochStartState = _position.Random.GetState();
        SetOrder(Shuffle ? ShuffleOrder.Draw(Dataset.Count, _position.Random) : ShuffleOrder.Identity(Dataset.Count));
        _position.BatchIndex = 0;
        _position.InEpoch = true;
        if (BatchesPerEpoch == 0) EndEpoch();
    }

    private void EndEpoch()
    {
        _position.InEpoch = false;
        _position.BatchIndex = 0;
        _position.Epoch++;
        SetOrder(null);
    }

    private void SetOrder(int[]? order)
    {
        _order = order;
        _sourceOrder?.Dispose();
        _sourceOrder = null;
        _positionOrder?.Dispose();
        _positionOrder = null;
        if (order is not null && _preloadedInputs is not null)
            _positionOrder = torch.tensor(Array.ConvertAll(order, p => (long)p)).DetachFromDisposeScope();
        else if (order is not null && Dataset.IsSinglePart)
        {
            var sourceOrder = new long[order.Length];
            var sourceIndices = Dataset.SourceIndices;
            for (int i = 0; i < order.Length; i++) sourceOrder[i] = sourceIndices[order[i]];
            _sourceOrder = torch.tensor(sourceOrder).DetachFromDisposeScope();
        }
    }

    /// <summary>The whole view on the device: inputs, targets and task labels in view order.</summary>
    private (Tensor Inputs, Tensor Targets, Tensor Tasks) Preload()
    {
        using var scope = torch.NewDisposeScope();
        var all = Enumerable.Range(0, Dataset.Count).ToArray();
        var targets = Array.ConvertAll(Dataset.Targets.ToArray(), t => (long)t);
        var tasks = Array.ConvertAll(_taskLabels, t => (long)t);
        return (Dataset.GatherInputs(all, modelInputs: true).to(Device).DetachFromDisposeScope(),
            torch.tensor(targets).to(Device).DetachFromDisposeScope(),
            torch.tensor(tasks).to(Device).DetachFromDisposeScope());
    }

    private Minibatch MakeBatch(int batchIndex)
    {
        int start = batchIndex * BatchSize;
        int length = Math.Min(BatchSize, Dataset.Count - start);
        var positions = _order.AsSpan(start, length).ToArray();
        using var scope = torch.NewDisposeScope();
        if (_preloadedInputs is not null)
        {
            // Three index_selects from the preloaded copy, as a loop over tensors would take them.
            using var slice = _positionOrder!.narrow(0, start, length);
            return new Minibatch(
                _preloadedInputs.index_select(0, slice).MoveToOuterDisposeScope(),
                _preloadedTargets!.index_select(0, slice).MoveToOuterDisposeScope(),
                _preloadedTasks!.index_select(0, slice).MoveToOuterDisposeScope(),
                positions, Epoch, batchIndex);
        }
        var targets = new long[length];
        var tasks = new long[length];
        var viewTargets = Dataset.Targets;
        for (int i = 0; i < length; i++)
        {
            targets[i] = viewTargets[positions[i]];
            tasks[i] = _taskLabels[positions[i]];
        }

        Tensor raw;
        if (_sourceOrder is not null)
        {
            using var slice = _sourceOrder.narrow(0, start, length);
            raw = DatasetView.GatherSinglePart(Dataset.Parts[0], slice, modelInputs: true);
        }
        else
        {
            raw = Dataset.GatherInputs(positions, modelInputs: true);
        }
        var inputs = raw.to(Device);
        return new Minibatch(
            inputs.MoveToOuterDisposeScope(),
            torch.tensor(targets).to(Device).MoveToOuterDisposeScope(),
            torch.tensor(tasks).to(Device).MoveToOuterDisposeScope(),
            positions, Epoch, batchIndex);
    }

    /// <summary>Releases the epoch's index tensor and the preloaded copy.</summary>
    public void Dispose()
    {
        SetOrder(null);
        _preloadedInputs?.Dispose();
        _preloadedTargets?.Dispose();
        _preloadedTasks?.Dispose();
    }
}
