using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Optimizers;

/// <summary>
/// TorchSharp's <see cref="Adam"/> (same options, same state, same arithmetic, bit for bit) whose
/// <see cref="step"/> keeps every <see cref="Scalar"/> it passes to libtorch referenced until the native
/// call has returned. See <see cref="GcSafeSgd"/> for the race it closes. Checkpoints store it as an Adam optimizer.
/// </summary>
[SameStateAsBaseOptimizer]
public sealed class GcSafeAdam : Adam
{
    /// <summary>Creates the optimizer (arguments as TorchSharp's <c>optim.Adam</c>).</summary>
    public GcSafeAdam(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0, bool amsgrad = false, bool maximize = false)
        : base(parameters, lr, beta1, beta2, eps, weightDecay, amsgrad, maximize)
    {
    }

    /// <summary>One optimization step, as <see cref="Adam.step"/>.</summary>
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = group.Options;
        double beta1 = options.beta1!.Value;
        double beta2 = options.beta2!.Value;
        double weightDecay = options.weight_decay!.Value;
        bool amsgrad = options.amsgrad!.Value;
        bool maximize = options.maximize!.Value;
        double lr = options.LearningRate!.Value;
        using var moments = new AdamMoments(beta1, beta2);
        using var weightDecayScalar = weightDecay.ToScalar();
        using var eps = options.eps!.Value.ToScalar();
        // add_(Scalar) would pass libtorch an implicit Scalar 1 of its own.
        using var one = 1.ToScalar();
        foreach (var param in group.Parameters)
        {
            var state = (State)_state[param.Handle];
            var grad = param.grad;
            if (grad is null) continue;
            if (maximize) grad = -grad;
            state.step += 1;
            double biasCorrection1 = 1 - Math.Pow(beta1, state.step);
            double biasCorrection2 = 1 - Math.Pow(beta2, state.step);
            if (weightDecay != 0) grad = grad.add(param, weightDecayScalar);
            moments.Update(state.exp_avg, state.exp_avg_sq, grad, grad.conj());
            Tensor second = state.exp_avg_sq;
            if (amsgrad)
            {
                var previous = state.max_exp_avg_sq;
                state.max_exp_avg_sq = torch.maximum(previous, state.exp_avg_sq).DetachFromDisposeScope();
                previous.Dispose();
                second = state.max_exp_avg_sq;
            }
            using var sqrtBiasCorrection2 = Math.Sqrt(biasCorrection2).ToScalar();
            using var stepSize = (-(lr / biasCorrection1)).ToScalar();
            var denominator = second.sqrt().div(sqrtBiasCorrection2).add_(eps, one);
            param.addcdiv_(state.exp_avg, denominator, stepSize);
        }
    }, closure);
}
