using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Optimizers;

/// <summary>
/// TorchSharp's <see cref="AdamW"/> (same options, state and arithmetic, bit for bit) whose <see cref="step"/> holds
/// every <see cref="Scalar"/> it hands libtorch until the call has returned (see <see cref="GcSafeSgd"/>).
/// Checkpoints store it as an AdamW optimizer.
/// </summary>
[SameStateAsBaseOptimizer]
public sealed class GcSafeAdamW : AdamW
{
    /// <summary>Creates the optimizer (arguments as TorchSharp's <c>optim.AdamW</c>).</summary>
    public GcSafeAdamW(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0, bool amsgrad = false, bool maximize = false)
        : base(parameters, lr, beta1, beta2, eps, weightDecay, amsgrad, maximize)
    {
    }

    /// <summary>One optimization step, as <see cref="AdamW.step"/>.</summary>
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = group.Options;
        double beta1 = options.beta1!.Value;
        double beta2 = options.beta2!.Value;
        double weightDecay = options.weight_decay!.Value;
        bool amsgrad = options.amsgrad!.Value;
        bool maximize = options.maximize!.Value;
        double lr = options.LearningRate!.Value;
        using var decay = (1 - lr * weightDecay).ToScalar();
        using var moments = new AdamMoments(beta1, beta2);
        using var eps = options.eps!.Value.ToScalar();
        using var one = 1.ToScalar();
        foreach (var param in group.Parameters)
        {
            var state = (State)_state[param.Handle];
            var grad = param.grad;
            if (grad is null) continue;
            if (maximize) grad = -grad;
            state.step += 1;
            param.mul_(decay);
            double biasCorrection1 = 1 - Math.Pow(beta1, state.step);
            double biasCorrection2 = 1 - Math.Pow(beta2, state.step);
            moments.Update(state.exp_avg, state.exp_avg_sq, grad, grad);
            if (amsgrad)
            {
                var previous = state.max_exp_avg_sq;
                state.max_exp_avg_sq = torch.maximum(previous, state.exp_avg_sq).DetachFromDisposeScope();
                previous.Dispose();
            }
            using var sqrtBiasCorrection2 = Math.Sqrt(biasCorrection2).ToScalar();
            using var stepSize = (-(lr / biasCorrection1)).ToScalar();
            var denominator = (amsgrad ? state.max_exp_avg_sq : state.exp_avg_sq).sqrt().div(sqrtBiasCorrection2).add_(eps, one);
            param.addcdiv_(state.exp_avg, denominator, stepSize);
        }
    }, closure);
}
