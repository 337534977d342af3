using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Optimizers;

/// <summary>
/// TorchSharp's <see cref="Adamax"/> (same options, state and arithmetic, bit for bit) whose <see cref="step"/> holds
/// every <see cref="Scalar"/> it hands libtorch until the call has returned (see <see cref="GcSafeSgd"/>).
/// Checkpoints store it as an Adamax optimizer.
/// </summary>
[SameStateAsBaseOptimizer]
public sealed class GcSafeAdamax : Adamax
{
    /// <summary>Creates the optimizer (arguments as TorchSharp's <c>optim.Adamax</c>).</summary>
    public GcSafeAdamax(IEnumerable<Parameter> parameters, double lr = 0.002, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0)
        : base(parameters, lr, beta1, beta2, eps, weightDecay)
    {
    }

    /// <summary>One optimization step, as <see cref="Adamax.step"/>.</summary>
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = group.Options;
        double beta1 = options.beta1!.Value;
        double weightDecay = options.weight_decay!.Value;
        double lr = options.LearningRate!.Value;
        using var beta1Scalar = beta1.ToScalar();
        using var oneMinusBeta1 = (1 - beta1).ToScalar();
        using var beta2 = options.beta2!.Value.ToScalar();
        using var eps = options.eps!.Value.ToScalar();
        using var weightDecayScalar = weightDecay.ToScalar();
        using var one = 1.ToScalar();
        foreach (var param in group.Parameters)
        {
            var grad = param.grad;
            if (grad is null) continue;
            if (grad.is_sparse) throw new ArgumentException("Adamax does not support sparse gradients");
            var state = (State)_state[param.Handle];
            state.step += 1;
            var expAverage = state.exp_avg;
            var expInfinity = state.exp_inf;
            grad = weightDecay != 0 ? grad.add(param, weightDecayScalar) : grad.alias();
            expAverage.mul_(beta1Scalar).add_(grad, oneMinusBeta1);
            var normBuffer = torch.cat(new[] { expInfinity.mul_(beta2).unsqueeze(0), grad.abs().add_(eps, one).unsqueeze_(0) }, 0);
            torch.amax(normBuffer, new long[] { 0 }, false, expInfinity);
            using var minusClr = (-(lr / (1 - Math.Pow(beta1, state.step)))).ToScalar();
            param.addcdiv_(expAverage, expInfinity, minusClr);
        }
    }, closure);
}
