using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Optimizers;

/// <summary>
/// TorchSharp's <see cref="SGD"/> (same options, same state, same arithmetic, bit for bit) whose
/// <see cref="step"/> keeps every <see cref="Scalar"/> it passes to libtorch referenced until the native
/// call has returned.
/// </summary>
/// <remarks>
/// TorchSharp 0.107's <c>SGD.step</c> writes <c>param.add_(grad, alpha: -lr)</c>: the <c>double</c>
/// becomes a temporary <see cref="Scalar"/> whose only reference dies once its native handle has been
/// read. A garbage collection started by another thread during the native call can then finalize it, and
/// the finalizer frees the <c>c10::Scalar</c> that libtorch is about to read; the allocator's free-list
/// pointer overwrites its type tag and libtorch throws "Expected false to be true" from
/// <c>Scalar::toFloat</c>. Here the scalars are created explicitly and disposed after use, which keeps
/// them alive across every call. Checkpoints store it as an SGD optimizer.
/// </remarks>
[SameStateAsBaseOptimizer]
public sealed class GcSafeSgd : SGD
{
    /// <summary>Creates the optimizer (arguments as TorchSharp's <c>optim.SGD</c>).</summary>
    public GcSafeSgd(IEnumerable<Parameter> parameters, double lr, double momentum = 0.0, double dampening = 0, double weightDecay = 0, bool nesterov = false, bool maximize = false)
        : base(parameters, lr, momentum, dampening, weightDecay, nesterov, maximize)
    {
    }

    /// <summary>One optimization step, as <see cref="SGD.step"/>.</summary>
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = group.Options;
        double momentum = options.momentum!.Value;
        double weightDecay = options.weight_decay!.Value;
        bool nesterov = options.nesterov!.Value;
        double lr = options.LearningRate!.Value;
        using var weightDecayScalar = weightDecay.ToScalar();
        using var momentumScalar = momentum.ToScalar();
        using var oneMinusDampening = (1 - options.dampening!.Value).ToScalar();
        using var alpha = (options.maximize!.Value ? lr : -lr).ToScalar();
        foreach (var param in group.Parameters)
        {
            var state = (State)_state[param.Handle];
            var grad = param.grad;
            if (grad is null) continue;
            if (weightDecay != 0) grad = grad.add(param, weightDecayScalar);
            if (momentum != 0)
            {
                var buffer = state.momentum_buffer;
                if (buffer is null) buffer = grad.clone().detach().DetachFromDisposeScope();
                else buffer.mul_(momentumScalar).add_(grad, oneMinusDampening);
                grad = nesterov ? grad.add(buffer, momentumScalar) : buffer;
                state.momentum_buffer = buffer;
            }
            param.add_(grad, alpha);
        }
    }, closure);
}
