using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Optimizers;

/// <summary>
/// TorchSharp's <see cref="Adadelta"/> (same options, state and arithmetic, bit for bit) whose <see cref="step"/> holds
/// every <see cref="Scalar"/> it hands libtorch until the call has returned (see <see cref="GcSafeSgd"/>).
/// Checkpoints store it as an Adadelta optimizer.
/// </summary>
[SameStateAsBaseOptimizer]
public sealed class GcSafeAdadelta : Adadelta
{
    /// <summary>Creates the optimizer (arguments as TorchSharp's <c>optim.Adadelta</c>).</summary>
    public GcSafeAdadelta(IEnumerable<Parameter> parameters, double lr = 1.0, double rho = 0.9, double eps = 1e-6, double weightDecay = 0, bool maximize = false)
        : base(parameters, lr, rho, eps, weightDecay, maximize)
    {
    }

    /// <summary>One optimization step, as <see cref="Adadelta.step"/>.</summary>
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = group.Options;
        double weightDecay = options.weight_decay!.Value;
        bool maximize = options.maximize!.Value;
        using var rho = options.rho!.Value.ToScalar();
        using var oneMinusRho = (1 - options.rho.Value).ToScalar();
        using var eps = options.eps!.Value.ToScalar();
        using var minusLr = (-options.LearningRate!.Value).ToScalar();
        using var weightDecayScalar = weightDecay.ToScalar();
        using var one = 1.ToScalar();
        foreach (var param in group.Parameters)
        {
            var grad = param.grad;
            if (grad is null) continue;
            if (maximize) grad = -grad;
            if (grad.is_sparse) throw new ArgumentException("Adadelta does not support sparse gradients");
            var state = (State)_state[param.Handle];
            var squareAverage = state.square_avg;
            var accumulatedDelta = state.acc_delta;
            grad = weightDecay != 0 ? grad.add(param, weightDecayScalar) : grad.alias();
            squareAverage.mul_(rho).addcmul_(grad, grad, oneMinusRho);
            var std = squareAverage.add(eps, one).sqrt_();
            var delta = accumulatedDelta.add(eps, one).sqrt_().div_(std).mul_(grad);
            param.add_(delta, minusLr);
            accumulatedDelta.mul_(rho).addcmul_(delta, delta, oneMinusRho);
        }
    }, closure);
}
