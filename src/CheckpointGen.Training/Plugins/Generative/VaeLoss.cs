using CheckpointGen.Training.Models;
using CheckpointGen.Training.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Plugins.Generative;

/// <summary>
/// Avalanche's <c>VAE_loss</c> as a criterion over an <see cref="MlpVae"/>'s forward output and the inputs it encoded:
/// the reconstruction's summed squared error plus the KL divergence of the latent distribution from a standard normal,
/// <c>0.5 · Σ(−1 − logvar + exp(logvar) + mean²)</c>, both summed over the minibatch (not averaged).
/// </summary>
/// <remarks>
/// Avalanche's reconstruction term is <c>MSELoss(reduction="sum")</c>, not the binary cross-entropy of Kingma and
/// Welling's VAE: its decoder's output is standardised like the data (outside [0, 1]), where a cross-entropy is undefined.
/// The template calls a criterion with the labels as its target; <see cref="ReconstructionCriterion"/> passes the inputs.
/// </remarks>
public sealed class VaeLoss : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly MlpVae _vae;

    /// <summary>Creates the loss of <paramref name="vae"/>'s outputs.</summary>
    public VaeLoss(MlpVae vae) : base(nameof(VaeLoss))
    {
        _vae = vae ?? throw new ArgumentNullException(nameof(vae));
    }

    /// <summary>The loss of <paramref name="output"/> (a forward output of the VAE) for the <paramref name="inputs"/> it encoded.</summary>
    public override Tensor forward(Tensor output, Tensor inputs)
    {
        if (inputs.dim() < 2)
            throw new ArgumentException($"The VAE's loss compares its output with the inputs it encoded; got a target of shape [{string.Join(", ", inputs.shape)}] (labels?). Train a VAE with VaeTraining, which passes the inputs.", nameof(inputs));
        var (reconstruction, mean, logvar) = _vae.Split(output);
        return Compute(inputs, reconstruction, mean, logvar);
    }

    /// <summary><c>Σ(reconstruction − inputs)² + 0.5 · Σ(−1 − logvar + exp(logvar) + mean²)</c>.</summary>
    public static Tensor Compute(Tensor inputs, Tensor reconstruction, Tensor mean, Tensor logvar)
    {
        using var scope = NewDisposeScope();
        var squaredError = nn.functional.mse_loss(reconstruction, inputs.reshape(reconstruction.shape), nn.Reduction.Sum);
        var kl = logvar.exp().sub(logvar).add(mean.Squared(), HeldScalars.One).Plus(-1).sum().Times(0.5);
        return squaredError.add(kl, HeldScalars.One).MoveToOuterDisposeScope();
    }
}
