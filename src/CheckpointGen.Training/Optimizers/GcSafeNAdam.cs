using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Optimizers;

/// <summary>
/// TorchSharp's <see cref="NAdam"/> (same options, state and arithmetic, bit for bit) whose <see cref="step"/> holds
/// every <see cref="Scalar"/> it hands libtorch until the call has returned (see <see cref="GcSafeSgd"/>).
/// Checkpoints store it as an NAdam optimizer.
/// </summary>
[SameStateAsBaseOptimizer]
public sealed class GcSafeNAdam : NAdam
{
    /// <summary>Creates the optimizer (arguments as TorchSharp's <c>optim.NAdam</c>).</summary>
    public GcSafeNAdam(IEnumerable<Parameter> parameters, double lr = 0.002, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0, double momentumDecay = 4e-3)
        : base(parameters, lr, beta1, beta2, eps, weightDecay, momentumDecay)
    {
    }

    /// <summary>One optimization step, as <see cref="NAdam.step"/>.</summary>
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = group.Options;
        double beta1 = options.beta1!.Value;
        double beta2 = options.beta2!.Value;
        double weightDecay = options.weight_decay!.Value;
        double momentumDecay = options.momentum_decay!.Value;
        double lr = options.LearningRate!.Value;
        using var moments = new AdamMoments(beta1, beta2);
        using var eps = options.eps!.Value.ToScalar();
        using var weightDecayScalar = weightDecay.ToScalar();
        using var one = 1.ToScalar();
        foreach (var param in group.Parameters)
        {
            var grad = param.grad;
            if (grad is null) continue;
            var state = (State)_state[param.Handle];
            state.step += 1;
            var expAverage = state.exp_avg;
            var expAverageSquared = state.exp_avg_sq;
            double biasCorrection2 = 1 - Math.Pow(beta2, state.step);
            grad = weightDecay != 0 ? grad.add(param, weightDecayScalar) : grad.alias();
            double mu = beta1 * (1.0 - 0.5 * Math.Pow(0.96, state.step * momentumDecay));
            double muNext = beta1 * (1.0 - 0.5 * Math.Pow(0.96, (state.step + 1) * momentumDecay));
            double muProduct = state.mu_product * mu;
            double muProductNext = muProduct * muNext;
            moments.Update(expAverage, expAverageSquared, grad, grad);
            using var biasCorrection2Scalar = biasCorrection2.ToScalar();
            var denominator = expAverageSquared.div(biasCorrection2Scalar).sqrt_().add_(eps, one);
            using var gradientStep = (-lr * (1 - mu) / (1 - muProduct)).ToScalar();
            using var averageStep = (-lr * muNext / (1 - muProductNext)).ToScalar();
            param.addcdiv_(grad, denominator, gradientStep);
            param.addcdiv_(expAverage, denominator, averageStep);
            state.mu_product = muProduct;
        }
    }, closure);
}
