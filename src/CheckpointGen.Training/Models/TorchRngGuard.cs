using TorchSharp;

namespace CheckpointGen.Training.Models;

/// <summary>
/// Saves torch's default CPU generator state and puts it back on dispose. Layers rebuilt while a
/// checkpoint is restored are initialised (which draws from the generator) only to be overwritten
/// by the saved weights: those draws must not shift the random stream of the resumed run, whether
/// the generators are restored before or after the model.
/// </summary>
internal readonly struct TorchRngGuard : IDisposable
{
    private readonly torch.Tensor _state;

    private TorchRngGuard(torch.Tensor state) => _state = state;

    /// <summary>Captures the current state.</summary>
    public static TorchRngGuard Capture() => new(torch.get_rng_state());

    /// <summary>Restores the captured state.</summary>
    public void Dispose()
    {
        torch.set_rng_state(_state);
        _state.Dispose();
    }
}
