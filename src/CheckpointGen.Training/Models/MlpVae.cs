using CheckpointGen.Training.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Models;

/// <summary>
/// Avalanche's <c>MlpVAE</c>, the default generator of generative replay: an MLP encoder (Linear 400 → BatchNorm →
/// LeakyReLU → Linear 128 → BatchNorm → ReLU), linear heads for the latent mean and log-variance, and an MLP decoder
/// (latent → 64 → 128 → 256 → input, BatchNorm and ReLU between, a sigmoid at the end) whose output is standardised as
/// the data is (MNIST's <c>Normalize(0.1307, 0.3081)</c> by default), so generated samples look like model inputs.
/// </summary>
/// <remarks>
/// The template passes one tensor from the forward pass to the loss, so <see cref="forward"/> returns the
/// reconstruction (flattened), the mean and the log-variance side by side; <see cref="Split"/> takes them apart.
/// Every random draw (the reparameterisation's noise, <see cref="Generate"/>'s latent codes) comes from torch's
/// default CPU generator, which checkpoints save, and is moved to the model's device afterwards, as Avalanche does.
/// As in Avalanche, the reparameterisation uses <c>σ = 0.5 · exp(logvar)</c> (not <c>exp(0.5 · logvar)</c>).
/// Avalanche's unused classification head is left out.
/// </remarks>
[Checkpointable]
public sealed partial class MlpVae : nn.Module<Tensor, Tensor>, IGenerator
{
    private readonly long[] _shape;
    private readonly int _latentSize;
    private readonly double _outputMean;
    private readonly double _outputStd;

    // Registered as "encoder", "calc_mean", "calc_logvar" and "decoder": saved by name with the module's state.
    [CheckpointIgnore] private readonly Sequential _encoder;
    [CheckpointIgnore] private readonly Linear _calcMean;
    [CheckpointIgnore] private readonly Linear _calcLogvar;
    [CheckpointIgnore] private readonly Sequential _decoder;

    /// <summary>Creates the network.</summary>
    /// <param name="shape">Shape of one sample, e.g. <c>[1, 28, 28]</c>.</param>
    /// <param name="latentSize">Dimension of the latent space (Avalanche's <c>nhid</c>; generative replay uses 2).</param>
    /// <param name="outputMean">Mean subtracted from the decoder's sigmoid output (the data's normalisation).</param>
    /// <param name="outputStd">Standard deviation dividing it.</param>
    public MlpVae(long[] shape, int latentSize = 16, double outputMean = 0.1307, double outputStd = 0.3081) : base(nameof(MlpVae))
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length == 0 || shape.Any(d => d < 1)) throw new ArgumentException($"A sample shape needs positive dimensions; got [{string.Join(", ", shape)}].", nameof(shape));
        ArgumentOutOfRangeException.ThrowIfLessThan(latentSize, 1);
        if (!(outputStd > 0)) throw new ArgumentOutOfRangeException(nameof(outputStd), outputStd, "The output's standard deviation must be positive.");
        _shape = [.. shape];
        _latentSize = latentSize;
        _outputMean = outputMean;
        _outputStd = outputStd;
        long size = shape.Aggregate(1L, (a, b) => a * b);
        _encoder = nn.Sequential(
            ("fc0", nn.Linear(size, 400)), ("bn0", new GcSafeBatchNorm1d(400)), ("act0", new LeakyRelu()),
            ("fc1", nn.Linear(400, 128)), ("bn1", new GcSafeBatchNorm1d(128)), ("act1", nn.ReLU()));
        _calcMean = nn.Linear(128, latentSize);
        _calcLogvar = nn.Linear(128, latentSize);
        _decoder = nn.Sequential(
            ("fc0", nn.Linear(latentSize, 64)), ("bn0", new GcSafeBatchNorm1d(64)), ("act0", nn.ReLU()),
            ("fc1", nn.Linear(64, 128)), ("bn1", new GcSafeBatchNorm1d(128)), ("act1", nn.ReLU()),
            ("fc2", nn.Linear(128, 256)), ("bn2", new GcSafeBatchNorm1d(256)), ("act2", nn.ReLU()),
            ("fc3", nn.Linear(256, size)), ("sigmoid", nn.Sigmoid()));
        register_module("encoder", _encoder);
        register_module("calc_mean", _calcMean);
        register_module("calc_logvar", _calcLogvar);
        register_module("decoder", _decoder);
    }

    /// <summary>Registration is explicit (Avalanche's names), not by field name.</summary>
    protected override void RegisterComponents() { }

    /// <summary>Shape of one sample.</summary>
    public IReadOnlyList<long> SampleShape => _shape;

    /// <summary>Dimension of the latent space.</summary>
    public int LatentSize => _latentSize;

    /// <summary>Values per sample (the flattened shape).</summary>
    public long SampleSize => _shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Encodes, samples a latent code (reparameterisation) and decodes: <c>[reconstruction (flattened) | mean | logvar]</c> per row.</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var features = _encoder.call(input.reshape(input.shape[0], SampleSize));
        var mean = _calcMean.call(features);
        var logvar = _calcLogvar.call(features);
        var reconstruction = Decode(Sampling(mean, logvar));
        return cat([reconstruction.reshape(input.shape[0], SampleSize), mean, logvar], 1).MoveToOuterDisposeScope();
    }

    /// <summary>Avalanche's reparameterisation: <c>mean + ε · 0.5 · exp(logvar)</c>, ε standard normal.</summary>
    public Tensor Sampling(Tensor mean, Tensor logvar)
    {
        using var scope = NewDisposeScope();
        var eps = randn(mean.shape).to(mean.device);
        var sigma = logvar.exp().Times(0.5);
        return mean.Plus(eps.mul(sigma)).MoveToOuterDisposeScope();
    }

    /// <summary>The decoder's samples for latent codes <paramref name="z"/>, standardised, in the sample shape.</summary>
    public Tensor Decode(Tensor z)
    {
        using var scope = NewDisposeScope();
        var decoded = _decoder.call(z).Plus(-_outputMean).DividedBy(_outputStd);
        return decoded.reshape([z.shape[0], .. _shape]).MoveToOuterDisposeScope();
    }

    /// <summary><paramref name="count"/> new samples: standard normal latent codes, decoded (Avalanche's <c>generate</c>).</summary>
    public Tensor Generate(long count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var device = _calcMean.weight!.device;
        using var z = randn(count, _latentSize).to(device);
        return Decode(z);
    }

    /// <summary>The reconstruction (in the sample shape), mean and log-variance of a <see cref="forward"/> output.</summary>
    public (Tensor Reconstruction, Tensor Mean, Tensor Logvar) Split(Tensor output)
    {
        ArgumentNullException.ThrowIfNull(output);
        long size = SampleSize;
        if (output.dim() != 2 || output.shape[1] != size + 2 * _latentSize)
            throw new ArgumentException($"A forward output of this VAE has {size + 2 * _latentSize} columns; got shape [{string.Join(", ", output.shape)}].", nameof(output));
        var reconstruction = output.narrow(1, 0, size).reshape([output.shape[0], .. _shape]);
        return (reconstruction, output.narrow(1, size, _latentSize), output.narrow(1, size + _latentSize, _latentSize));
    }

    /// <summary>LeakyReLU with PyTorch's default slope 0.01, whose slope Scalar lives as long as the module (TorchSharp's makes one per call).</summary>
    private sealed class LeakyRelu() : nn.Module<Tensor, Tensor>(nameof(LeakyRelu))
    {
        private static readonly Scalar Slope = 0.01.ToScalar();

        public override Tensor forward(Tensor input)
        {
            using var negative = input.mul(Slope);
            using var positive = input.gt(HeldScalars.Zero);
            return where(positive, input, negative);
        }
    }
}
