using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Optimizers;

/// <summary>
/// TorchSharp's <see cref="RAdam"/> (same options, state and arithmetic, bit for bit) whose <see cref="step"/> holds
/// every <see cref="Scalar"/> it hands libtorch until the call has returned (see <see cref="GcSafeSgd"/>).
/// Checkpoints store it as an RAdam optimizer.
/// </summary>
[SameStateAsBaseOptimizer]
public sealed class GcSafeRAdam : RAdam
{
    /// <summary>Creates the optimizer (arguments as TorchSharp's <c>optim.RAdam</c>).</summary>
    public GcSafeRAdam(IEnumerable<Parameter> parameters, double lr = 0.002, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0)
        : base(parameters, lr, beta1, beta2, eps, weightDecay)
    {
    }

    /// <summary>One optimization step, as <see cref="RAdam.step"/>.</summary>
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = group.Options;
        double beta1 = options.beta1!.Value;
        double beta2 = options.beta2!.Value;
        double weightDecay = options.weight_decay!.Value;
        double lr = options.LearningRate!.Value;
        using var moments = new AdamMoments(beta1, beta2);
        using var eps = options.eps!.Value.ToScalar();
        using var lrScalar = lr.ToScalar();
        using var weightDecayScalar = weightDecay.ToScalar();
        using var one = 1.ToScalar();
        using var minusOne = (-1.0).ToScalar();
        foreach (var param in group.Parameters)
        {
            var grad = param.grad;
            if (grad is null) continue;
            var state = (State)_state[param.Handle];
            state.step += 1;
            var expAverage = state.exp_avg;
            var expAverageSquared = state.exp_avg_sq;
            double biasCorrection1 = 1 - Math.Pow(beta1, state.step);
            double biasCorrection2 = 1 - Math.Pow(beta2, state.step);
            grad = weightDecay != 0 ? grad.add(param, weightDecayScalar) : grad.alias();
            moments.Update(expAverage, expAverageSquared, grad, grad);
            using var biasCorrection1Scalar = biasCorrection1.ToScalar();
            var biasCorrectedAverage = expAverage.div(biasCorrection1Scalar);
            double rhoInfinity = 2 / (1 - beta2) - 1;
            double rhoT = rhoInfinity - 2 * state.step * Math.Pow(beta2, state.step) / biasCorrection2;
            var scaled = biasCorrectedAverage.mul(lrScalar);
            if (rhoT > 5)
            {
                using var rect = Math.Sqrt((rhoT - 4) * (rhoT - 2) * rhoInfinity / ((rhoInfinity - 4) * (rhoInfinity - 2) * rhoT)).ToScalar();
                using var sqrtBiasCorrection2 = Math.Sqrt(biasCorrection2).ToScalar();
                // TorchSharp's (double / tensor) is reciprocal().mul(double).
                var adaptiveLr = expAverageSquared.sqrt().add_(eps, one).reciprocal().mul(sqrtBiasCorrection2);
                param.add_(scaled.mul(lrScalar).mul(adaptiveLr).mul(rect), minusOne);
            }
            else
            {
                param.add_(scaled, minusOne);
            }
        }
    }, closure);
}
