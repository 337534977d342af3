using CheckpointGen.Benchmarks.Loading;
using CheckpointGen.Training.Storage;
using CheckpointGen.Training.Templates;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Plugins.Rehearsal;

/// <summary>
/// ER-ACE's and ER-AML's memory side: a memory minibatch drawn before each training iteration and
/// forwarded on its own after the minibatch's forward pass (Avalanche's <c>mb_buffer_x</c>, <c>mb_buffer_out</c>).
/// The stream's position is saved; the minibatch and its output belong to the iteration.
/// </summary>
[Checkpointable]
internal sealed partial class SeparateReplay
{
    private readonly ReplayLoader _stream = new();

    // The iteration under way: checkpoints are taken between iterations.
    [CheckpointIgnore] private Minibatch? _batch;
    [CheckpointIgnore] private Tensor? _output;

    /// <summary>The memory stream.</summary>
    public ReplayLoader Stream => _stream;

    /// <summary>The memory minibatch of the iteration under way, or null (no replay).</summary>
    public Minibatch? Batch => _batch;

    /// <summary>The model's output for <see cref="Batch"/> after the forward pass, or null.</summary>
    public Tensor? Output => _output;

    /// <summary>Before the iteration: the next memory minibatch, when the stream is active.</summary>
    public void Draw()
    {
        if (_stream.IsActive) _batch = _stream.Next();
    }

    /// <summary>After the minibatch's forward pass: the memory minibatch's.</summary>
    public void Forward(SupervisedTemplate strategy)
    {
        if (_batch is not null) _output = strategy.Forward(_batch.Inputs, _batch.TaskLabels);
    }

    /// <summary>After the iteration (the output belongs to the iteration's dispose scope; the minibatch is ours).</summary>
    public void Release()
    {
        _output = null;
        _batch?.Dispose();
        _batch = null;
    }
}
