using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Optimizers;

/// <summary>
/// TorchSharp's <see cref="ASGD"/> (same options, state and arithmetic, bit for bit) whose <see cref="step"/> holds
/// every <see cref="Scalar"/> it hands libtorch until the call has returned (see <see cref="GcSafeSgd"/>).
/// Checkpoints store it as an ASGD optimizer.
/// </summary>
[SameStateAsBaseOptimizer]
public sealed class GcSafeAsgd : ASGD
{
    /// <summary>Creates the optimizer (arguments as TorchSharp's <c>optim.ASGD</c>).</summary>
    public GcSafeAsgd(IEnumerable<Parameter> parameters, double lr = 1e-3, double lambd = 1e-4, double alpha = 0.75, double t0 = 1e6, double weightDecay = 0, bool maximize = false)
        : base(parameters, lr, lambd, alpha, t0, weightDecay, maximize)
    {
    }

    /// <summary>One optimization step, as <see cref="ASGD.step"/>.</summary>
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = group.Options;
        bool maximize = options.maximize!.Value;
        double lambd = options.lambd!.Value;
        double alpha = options.alpha!.Value;
        double weightDecay = options.weight_decay!.Value;
        double t0 = options.t0!.Value;
        double lr = options.LearningRate!.Value;
        using var weightDecayScalar = weightDecay.ToScalar();
        using var one = 1.ToScalar();
        foreach (var param in group.Parameters)
        {
            var grad = param.grad;
            if (grad is null) continue;
            if (grad.is_sparse) throw new ArgumentException("ASGD does not support sparse gradients");
            if (maximize) grad = -grad;
            var state = (State)_state[param.Handle];
            state.step += 1;
            grad = weightDecay != 0 ? grad.add(param, weightDecayScalar) : grad.alias();
            using (var decay = (1 - lambd * state.eta).ToScalar()) param.mul_(decay);
            using (var minusEta = (-state.eta).ToScalar()) param.add_(grad, minusEta);
            if (state.mu != 1)
            {
                using var mu = state.mu.ToScalar();
                state.ax.add_(param.sub(state.ax).mul(mu), one);
            }
            else
            {
                state.ax.copy_(param);
            }
            state.eta = lr / Math.Pow(1 + lambd * lr * state.step, alpha);
            state.mu = 1 / Math.Max(1, state.step - t0);
        }
    }, closure);
}
