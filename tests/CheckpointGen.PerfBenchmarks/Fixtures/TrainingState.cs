using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CheckpointGen.PerfBenchmarks.Fixtures;

/// <summary>
/// The state a training run checkpoints: an MLP of four 2048↔4096 float32 layers (128 MiB of
/// parameters) and an SGD-with-momentum optimizer that has taken one step, so it holds one
/// momentum buffer per parameter (another 128 MiB).
/// </summary>
public sealed class TrainingState : IDisposable
{
    private const long Narrow = 2048;
    private const long Wide = 4096;

    /// <summary>Bytes of all parameters: four Narrow×Wide weights and their biases, float32.</summary>
    public const long ParameterBytes = sizeof(float) * (4 * Narrow * Wide + 2 * (Narrow + Wide));

    /// <summary>Bytes of tensor data in one checkpoint: the parameters plus one momentum buffer of the same size each.</summary>
    public const long TensorBytes = 2 * ParameterBytes;

    public TrainingState()
    {
        torch.manual_seed(20240601);
        Model = nn.Sequential(
            ("fc1", nn.Linear(Narrow, Wide)), ("act1", nn.ReLU()),
            ("fc2", nn.Linear(Wide, Narrow)), ("act2", nn.ReLU()),
            ("fc3", nn.Linear(Narrow, Wide)), ("act3", nn.ReLU()),
            ("fc4", nn.Linear(Wide, Narrow)));
        Optimizer = torch.optim.SGD(Model.parameters(), learningRate: 0.01, momentum: 0.9);
        TakeOneStep();

        long parameterBytes = Model.parameters().Sum(p => p.numel() * p.ElementSize);
        if (parameterBytes != ParameterBytes)
            throw new InvalidOperationException($"The MLP has {parameterBytes} bytes of parameters; {nameof(ParameterBytes)} says {ParameterBytes}. Keep them in step: the MB/s column uses the constant.");
        if (MomentumBuffers().Count != Model.parameters().Count())
            throw new InvalidOperationException("SGD did not create one momentum buffer per parameter.");
    }

    public Sequential Model { get; }

    public SGD Optimizer { get; }

    /// <summary>The optimizer's live momentum buffers, in parameter order (aliases, not copies: writing into them changes the optimizer).</summary>
    public IReadOnlyList<Tensor> MomentumBuffers() =>
        Optimizer.state_dict().State
            .Select(state => ((SGD.State)state).momentum_buffer
                ?? throw new InvalidOperationException("SGD has no momentum buffer yet: it must take a step first."))
            .ToList();

    /// <summary>One forward/backward/step on random data, so that SGD allocates its momentum buffers and they hold real values.</summary>
    private void TakeOneStep()
    {
        using var scope = torch.NewDisposeScope();
        var input = torch.randn(16, Narrow);
        var loss = nn.functional.mse_loss(Model.forward(input), torch.zeros(16, Narrow));
        Optimizer.zero_grad();
        loss.backward();
        Optimizer.step();
    }

    public void Dispose()
    {
        Optimizer.Dispose();
        Model.Dispose();
    }
}
