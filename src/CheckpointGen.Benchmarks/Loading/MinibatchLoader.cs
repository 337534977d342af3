using CheckpointGen.Benchmarks.Data;
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
/// The loader is checkpointable: its position (epoch, next batch, whether an epoch is under way) and
/// the generator state at the start of the epoch are saved, so a run restored mid-epoch rebuilds the
/// same order and continues with exactly the batches it would have seen. A batch counts as consumed
/// once it has been handed out; save after processing it.
/// </remarks>
public sealed class MinibatchLoader : ICheckpointable, IDisposable
{
    private readonly CheckpointableRandom _random;
    private ulong[] _epochStartState;
    private int[]? _order;
    private Tensor? _sourceOrder; // single-part views: source index of each order position
    private readonly int[] _taskLabels;

    /// <summary>Creates a loader over <paramref name="dataset"/>.</summary>
    /// <param name="dataset">The samples (e.g. an experience's dataset).</param>
    /// <param name="batchSize">Samples per batch.</param>
    /// <param name="seed">Seed of the shuffling generator; the same seed gives the same epoch orders everywhere.</param>
    /// <param name="shuffle">Shuffle every epoch; false: dataset order.</param>
    /// <param name="dropLast">Drop the last, incomplete batch of an epoch.</param>
    /// <param name="device">Where batches go (default CPU).</param>
    public MinibatchLoader(DatasetView dataset, int batchSize, long seed, bool shuffle = true, bool dropLast = false, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        Dataset = dataset;
        BatchSize = batchSize;
        Shuffle = shuffle;
        DropLast = dropLast;
        Device = device ?? torch.CPU;
        _random = new CheckpointableRandom(seed);
        _epochStartState = _random.GetState();
        _taskLabels = Enumerable.Range(0, dataset.Count).Select(dataset.TaskLabelAt).ToArray();
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

    /// <summary>The epoch under way, or the next one to start (from 0).</summary>
    public int Epoch { get; private set; }

    /// <summary>Index of the next batch within the epoch under way.</summary>
    public int BatchIndex { get; private set; }

    /// <summary>True between the first and the last batch of an epoch.</summary>
    public bool InEpoch { get; private set; }

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
        while (InEpoch)
        {
            var batch = MakeBatch(BatchIndex);
            BatchIndex++;
            if (BatchIndex >= BatchesPerEpoch) EndEpoch();
            yield return batch;
        }
    }

    private void BeginEpoch()
    {
        _epochStartState = _random.GetState();
        SetOrder(Shuffle ? ShuffleOrder.Draw(Dataset.Count, _random) : ShuffleOrder.Identity(Dataset.Count));
        BatchIndex = 0;
        InEpoch = true;
        if (BatchesPerEpoch == 0) EndEpoch();
    }

    private void EndEpoch()
    {
        InEpoch = false;
        BatchIndex = 0;
        Epoch++;
        SetOrder(null);
    }

    private void SetOrder(int[]? order)
    {
        _order = order;
        _sourceOrder?.Dispose();
        _sourceOrder = null;
        if (order is not null && Dataset.IsSinglePart)
        {
            var sourceOrder = new long[order.Length];
            var sourceIndices = Dataset.SourceIndices;
            for (int i = 0; i < order.Length; i++) sourceOrder[i] = sourceIndices[order[i]];
            _sourceOrder = torch.tensor(sourceOrder).DetachFromDisposeScope();
        }
    }

    private Minibatch MakeBatch(int batchIndex)
    {
        int start = batchIndex * BatchSize;
        int length = Math.Min(BatchSize, Dataset.Count - start);
        var positions = _order.AsSpan(start, length).ToArray();
        var targets = new long[length];
        var tasks = new long[length];
        var viewTargets = Dataset.Targets;
        for (int i = 0; i < length; i++)
        {
            targets[i] = viewTargets[positions[i]];
            tasks[i] = _taskLabels[positions[i]];
        }

        using var scope = torch.NewDisposeScope();
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

    /// <summary>Releases the epoch's index tensor.</summary>
    public void Dispose() => SetOrder(null);

    void ICheckpointable.WriteCheckpoint(CheckpointWriter writer)
    {
        writer.BeginMember("dataset"); Dataset.Fingerprint.Write(writer); writer.EndMember();
        writer.BeginMember("batchSize"); writer.WriteInt32(BatchSize); writer.EndMember();
        writer.BeginMember("shuffle"); writer.WriteBoolean(Shuffle); writer.EndMember();
        writer.BeginMember("dropLast"); writer.WriteBoolean(DropLast); writer.EndMember();
        writer.BeginMember("epoch"); writer.WriteInt32(Epoch); writer.EndMember();
        writer.BeginMember("batchIndex"); writer.WriteInt32(BatchIndex); writer.EndMember();
        writer.BeginMember("inEpoch"); writer.WriteBoolean(InEpoch); writer.EndMember();
        writer.BeginMember("epochStartState"); writer.WritePrimitiveArray<ulong>(_epochStartState); writer.EndMember();
        writer.BeginMember("randomState"); writer.WritePrimitiveArray<ulong>(_random.GetState()); writer.EndMember();
    }

    void ICheckpointable.ReadCheckpoint(CheckpointReader reader)
    {
        string owner = reader.CurrentTypeName;
        if (reader.TryBeginMember("dataset"))
        {
            Dataset.Fingerprint.EnsureMatches(DatasetFingerprint.Read(reader), $"{owner} (minibatch loader position)");
            reader.EndMember();
        }
        Expect(reader, "batchSize", r => r.ReadInt32(), BatchSize, owner);
        Expect(reader, "shuffle", r => r.ReadBoolean(), Shuffle, owner);
        Expect(reader, "dropLast", r => r.ReadBoolean(), DropLast, owner);

        int epoch = ReadRequired(reader, "epoch", r => r.ReadInt32(), owner);
        int batchIndex = ReadRequired(reader, "batchIndex", r => r.ReadInt32(), owner);
        bool inEpoch = ReadRequired(reader, "inEpoch", r => r.ReadBoolean(), owner);
        ulong[] start = ReadRequired(reader, "epochStartState", r => r.ReadPrimitiveArray<ulong>(), owner);
        ulong[] current = ReadRequired(reader, "randomState", r => r.ReadPrimitiveArray<ulong>(), owner);
        if (epoch < 0 || batchIndex < 0 || (inEpoch ? batchIndex >= BatchesPerEpoch : batchIndex != 0))
            throw new CheckpointMismatchException($"{owner}: position epoch {epoch}, batch {batchIndex} (in epoch: {inEpoch}) is impossible for {BatchesPerEpoch} batches per epoch.");

        int[]? order = null;
        try
        {
            if (inEpoch)
            {
                // Replay the epoch's shuffle from the state it started with (on a scratch generator, so a
                // failure leaves this loader untouched); it must end where the saved generator is.
                var replay = new CheckpointableRandom(0);
                replay.SetState(start);
                order = Shuffle ? ShuffleOrder.Draw(Dataset.Count, replay) : ShuffleOrder.Identity(Dataset.Count);
                if (!replay.GetState().AsSpan().SequenceEqual(current))
                    throw new CheckpointMismatchException($"{owner}: replaying the epoch's shuffle does not reproduce the saved generator state; the checkpoint was made with a different shuffle.");
            }
            _random.SetState(current);
        }
        catch (ArgumentException e)
        {
            throw new CheckpointMismatchException($"{owner}: invalid generator state in checkpoint ({e.Message}).");
        }
        _epochStartState = inEpoch ? start : current;
        SetOrder(order);
        Epoch = epoch;
        BatchIndex = batchIndex;
        InEpoch = inEpoch;
    }

    private static void Expect<T>(CheckpointReader reader, string key, Func<CheckpointReader, T> read, T actual, string owner)
    {
        if (!reader.TryBeginMember(key)) return;
        T stored = read(reader);
        reader.EndMember();
        if (!EqualityComparer<T>.Default.Equals(stored, actual))
            throw new CheckpointMismatchException($"{owner}.{key}: the checkpoint has {stored}, this loader has {actual}; the saved position would map to different batches.");
    }

    private static T ReadRequired<T>(CheckpointReader reader, string key, Func<CheckpointReader, T> read, string owner)
    {
        if (!reader.TryBeginMember(key))
            throw new CheckpointMismatchException($"{owner}: the checkpoint lacks '{key}', needed to resume the loader's position.");
        T value = read(reader);
        reader.EndMember();
        return value;
    }
}
