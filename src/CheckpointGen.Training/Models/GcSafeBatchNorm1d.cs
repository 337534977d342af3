using CheckpointGen.Training.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Models;

/// <summary>
/// TorchSharp's <c>nn.BatchNorm1d</c> (same parameters, buffers and names, momentum 0.1, eps 1e-5) whose training-mode
/// forward counts the batch with a Scalar that stays referenced: TorchSharp's makes a temporary one for
/// <c>num_batches_tracked.add_(1)</c>, which a garbage collection can free mid-call (CKPT0009).
/// </summary>
public sealed class GcSafeBatchNorm1d : nn.Module<Tensor, Tensor>
{
    private const double Momentum = 0.1;
    private const double Eps = 1e-5;

    /// <summary>Creates the layer over <paramref name="features"/> channels (weight 1, bias 0, running mean 0, running variance 1).</summary>
    public GcSafeBatchNorm1d(long features) : base("BatchNorm1d")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        register_parameter("weight", new Parameter(ones(features)));
        register_parameter("bias", new Parameter(zeros(features)));
        register_buffer("running_mean", zeros(features));
        register_buffer("running_var", ones(features));
        register_buffer("num_batches_tracked", tensor(0L));
    }

    /// <summary>Registration is explicit (PyTorch's names).</summary>
    protected override void RegisterComponents() { }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        var runningMean = get_buffer("running_mean")!;
        var runningVar = get_buffer("running_var")!;
        if (training)
            using (no_grad()) get_buffer("num_batches_tracked")!.add_(HeldScalars.One, HeldScalars.One);
        return nn.functional.batch_norm(input, runningMean, runningVar, get_parameter("weight"), get_parameter("bias"), training, Momentum, Eps);
    }
}
