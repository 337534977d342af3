using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Benchmarks.Loading;
using CheckpointGen.Randomness;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Storage;

/// <summary>
/// The memory side of a rehearsal plugin: an endless stream of shuffled minibatches over a buffer,
/// reshuffled whenever it runs out (Avalanche's <c>cycle(DataLoader(buffer, shuffle=True))</c>), whose
/// position is part of the checkpoint, so a resumed run draws the same memory minibatches. The buffer's
/// samples are gathered onto the device once per stream after its first pass (a preloading <see cref="MinibatchLoader"/>),
/// so later memory minibatches are a few index_selects from a small copy rather than gathers from the source datasets.
/// </summary>
/// <remarks>
/// The loader itself is rebuilt from the saved position over the same buffer (checked by
/// fingerprint): <see cref="Begin"/> starts a new stream, with a seed drawn from
/// <see cref="RngManager.Random"/>; <see cref="Continue"/> rebuilds the one a checkpoint saved.
/// </remarks>
[Checkpointable]
public sealed partial class ReplayLoader
{
    private LoaderPosition _position = new();

    // Rebuilt from _position over the buffer by Begin or Continue.
    [CheckpointIgnore] private MinibatchLoader? _loader;

    /// <summary>True between <see cref="Begin"/> or <see cref="Continue"/> and <see cref="Stop"/>.</summary>
    public bool IsActive => _loader is not null;

    /// <summary>True when a stream was begun and not stopped since, so a restored run can <see cref="Continue"/> it.</summary>
    public bool HasSavedStream => _position.Started;

    /// <summary>Starts a new stream of minibatches of <paramref name="batchSize"/> samples over <paramref name="buffer"/>.</summary>
    /// <param name="buffer">The samples.</param>
    /// <param name="batchSize">Samples per minibatch.</param>
    /// <param name="dropLast">Skip the last, incomplete minibatch of each pass (so every minibatch has <paramref name="batchSize"/> samples).</param>
    /// <param name="device">Where minibatches go.</param>
    public void Begin(DatasetView buffer, int batchSize, bool dropLast, Device device)
    {
        Stop();
        _position = new LoaderPosition();
        _loader = new MinibatchLoader(buffer, batchSize, RngManager.Random.NextInt64(), _position, shuffle: true, dropLast, device, preload: true);
    }

    /// <summary>Rebuilds the stream the last <see cref="Begin"/> started (after a restore: the saved one) over the same buffer.</summary>
    /// <exception cref="InvalidOperationException">No stream was begun.</exception>
    /// <exception cref="DatasetMismatchException">The buffer is not the one the stream was begun over.</exception>
    public void Continue(DatasetView buffer, int batchSize, bool dropLast, Device device)
    {
        if (!_position.Started) throw new InvalidOperationException("There is no replay stream to continue; call Begin.");
        _loader?.Dispose();
        _loader = new MinibatchLoader(buffer, batchSize, seed: 0, _position, shuffle: true, dropLast, device, preload: true);
    }

    /// <summary><see cref="Continue"/> when <paramref name="resuming"/> (a run restored inside the experience), else <see cref="Begin"/>.</summary>
    public void BeginOrContinue(bool resuming, DatasetView buffer, int batchSize, bool dropLast, Device device)
    {
        if (resuming && _position.Started) Continue(buffer, batchSize, dropLast, device);
        else Begin(buffer, batchSize, dropLast, device);
    }

    /// <summary>The next memory minibatch (positions are positions in the buffer); the caller disposes it.</summary>
    /// <exception cref="InvalidOperationException">The stream is not active, or the buffer gives no minibatch (fewer samples than a minibatch with drop-last).</exception>
    public Minibatch Next() => (_loader ?? throw new InvalidOperationException("The replay stream is not active.")).NextBatch();

    /// <summary>Ends the stream; it can no longer be continued.</summary>
    public void Stop()
    {
        _loader?.Dispose();
        _loader = null;
        _position = new LoaderPosition();
    }

    /// <summary>Releases the loader but keeps the position, so that <see cref="Continue"/> can rebuild it.</summary>
    public void Release()
    {
        _loader?.Dispose();
        _loader = null;
    }
}
