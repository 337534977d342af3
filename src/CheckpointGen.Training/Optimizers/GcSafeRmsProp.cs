using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Optimizers;

/// <summary>
/// TorchSharp's <see cref="RMSProp"/> (same options, state and arithmetic, bit for bit) whose <see cref="step"/> holds
/// every <see cref="Scalar"/> it hands libtorch until the call has returned (see <see cref="GcSafeSgd"/>).
/// Checkpoints store it as an RMSProp optimizer.
/// </summary>
[SameStateAsBaseOptimizer]
public sealed class GcSafeRmsProp : RMSProp
{
    /// <summary>Creates the optimizer (arguments as TorchSharp's <c>optim.RMSProp</c>).</summary>
    public GcSafeRmsProp(IEnumerable<Parameter> parameters, double lr = 0.01, double alpha = 0.99, double eps = 1e-8, double weightDecay = 0, double momentum = 0, bool centered = false, bool maximize = false)
        : base(parameters, lr, alpha, eps, weightDecay, momentum, centered, maximize)
    {
    }

    /// <summary>One optimization step, as <see cref="RMSProp.step"/>.</summary>
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = group.Options;
        bool maximize = options.maximize!.Value;
        double momentum = options.momentum!.Value;
        double weightDecay = options.weight_decay!.Value;
        bool centered = options.centered!.Value;
        using var alpha = options.alpha!.Value.ToScalar();
        using var oneMinusAlpha = (1 - options.alpha.Value).ToScalar();
        using var eps = options.eps!.Value.ToScalar();
        using var minusLr = (-options.LearningRate!.Value).ToScalar();
        using var weightDecayScalar = weightDecay.ToScalar();
        using var momentumScalar = momentum.ToScalar();
        using var one = 1.ToScalar();
        using var minusOne = (-1).ToScalar();
        foreach (var param in group.Parameters)
        {
            var state = (State)_state[param.Handle];
            var grad = param.grad;
            if (grad is null) continue;
            if (maximize) grad = -grad;
            state.step += 1;
            if (weightDecay != 0) grad = grad.add(param, weightDecayScalar);
            state.square_avg.mul_(alpha).addcmul_(grad, grad, oneMinusAlpha);
            Tensor average;
            if (centered)
            {
                var gradAverage = state.grad_avg;
                gradAverage.mul_(alpha).add_(grad, oneMinusAlpha);
                average = state.square_avg.addcmul(gradAverage, gradAverage, minusOne).sqrt_().add_(eps, one);
            }
            else
            {
                average = state.square_avg.sqrt().add_(eps, one);
            }
            if (momentum > 0)
            {
                var buffer = state.momentum_buffer;
                buffer.mul_(momentumScalar).addcdiv_(grad, average, one);
                param.add_(buffer, minusLr);
            }
            else
            {
                param.addcdiv_(grad, average, minusLr);
            }
        }
    }, closure);
}
