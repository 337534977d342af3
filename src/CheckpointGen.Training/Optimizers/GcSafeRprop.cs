using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Optimizers;

/// <summary>
/// TorchSharp's <see cref="Rprop"/> (same options, state and arithmetic, bit for bit) whose <see cref="step"/> and
/// state initialization hold every <see cref="Scalar"/> they hand libtorch until the call has returned (see
/// <see cref="GcSafeSgd"/>). Checkpoints store it as an Rprop optimizer.
/// </summary>
[SameStateAsBaseOptimizer]
public sealed class GcSafeRprop : Rprop
{
    /// <summary>Creates the optimizer (arguments as TorchSharp's <c>optim.Rprop</c>).</summary>
    public GcSafeRprop(IEnumerable<Parameter> parameters, double lr = 1e-2, double etaminus = 0.5, double etaplus = 1.2, double minStep = 1e-6, double maxStep = 50, bool maximize = false)
        : base(parameters, lr, etaminus, etaplus, minStep, maxStep, maximize)
    {
    }

    /// <summary>As <see cref="Rprop.add_param_group"/>; the step sizes are filled from a held Scalar.</summary>
    public override void add_param_group(TorchSharp.Modules.ParamGroup param_group)
    {
        var defaults = (Options)_defaults;
        param_group.Options ??= new Options();
        var options = (Options)param_group.Options;
        options.maximize ??= defaults.maximize;
        options.LearningRate ??= defaults.LearningRate;
        options.etaminus ??= defaults.etaminus;
        options.etaplus ??= defaults.etaplus;
        options.min_step ??= defaults.min_step;
        options.max_step ??= defaults.max_step;
        options.InitialLearningRate = options.LearningRate!.Value;
        _parameter_groups.Add(param_group);
        using var lr = options.LearningRate.Value.ToScalar();
        foreach (var parameter in param_group.Parameters)
        {
            _state[parameter.Handle] = new State(parameter)
            {
                step = 0,
                prev = torch.zeros_like(parameter).DetachFromDisposeScope(),
                step_size = parameter.new_empty(parameter.shape).fill_(lr).DetachFromDisposeScope(),
            };
        }
    }

    /// <summary>One optimization step, as <see cref="Rprop.step"/>.</summary>
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = group.Options;
        bool maximize = options.maximize!.Value;
        double etaminus = options.etaminus!.Value;
        double etaplus = options.etaplus!.Value;
        using var etaminusScalar = etaminus.ToScalar();
        using var minStep = options.min_step!.Value.ToScalar();
        using var maxStep = options.max_step!.Value.ToScalar();
        using var zero = 0.ToScalar();
        using var minusOne = (-1).ToScalar();
        foreach (var param in group.Parameters)
        {
            var grad = param.grad;
            if (grad is null) continue;
            if (grad.is_sparse) throw new ArgumentException("Rprop does not support sparse gradients");
            if (maximize) grad = -grad;
            var state = (State)_state[param.Handle];
            state.step += 1;
            var sign = grad.mul(state.prev).sign();
            sign[sign.gt(zero)] = torch.tensor(etaplus);
            sign[sign.lt(zero)] = torch.tensor(etaminus);
            sign[sign.eq(zero)] = torch.tensor(1);
            state.step_size.mul_(sign).clamp_(minStep, maxStep);
            grad = grad.clone();
            grad.index_put_(zero, sign.eq(etaminusScalar));
            param.addcmul_(grad.sign(), state.step_size, minusOne);
            state.prev.copy_(grad);
        }
    }, closure);
}
