using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Optimizers;

/// <summary>
/// TorchSharp's <see cref="Adagrad"/> (same options, state and arithmetic, bit for bit) whose <see cref="step"/> and
/// state initialization hold every <see cref="Scalar"/> they hand libtorch until the call has returned (see
/// <see cref="GcSafeSgd"/>). Checkpoints store it as an Adagrad optimizer.
/// </summary>
[SameStateAsBaseOptimizer]
public sealed class GcSafeAdagrad : Adagrad
{
    /// <summary>Creates the optimizer (arguments as TorchSharp's <c>optim.Adagrad</c>).</summary>
    public GcSafeAdagrad(IEnumerable<Parameter> parameters, double lr = 1e-2, double lrDecay = 0, double weightDecay = 0, double initialAccumulatorValue = 0, double eps = 1e-10)
        : base(parameters, lr, lrDecay, weightDecay, initialAccumulatorValue, eps)
    {
    }

    /// <summary>As <see cref="Adagrad.add_param_group"/>; the accumulators are filled from a held Scalar.</summary>
    public override void add_param_group(TorchSharp.Modules.ParamGroup param_group)
    {
        var defaults = (Options)_defaults;
        param_group.Options ??= new Options();
        var options = (Options)param_group.Options;
        options.LearningRate ??= defaults.LearningRate;
        options.lr_decay ??= defaults.lr_decay;
        options.eps ??= defaults.eps;
        options.weight_decay ??= defaults.weight_decay;
        options.initial_accumulator_value ??= defaults.initial_accumulator_value;
        options.InitialLearningRate = options.LearningRate!.Value;
        _parameter_groups.Add(param_group);
        double initial = options.initial_accumulator_value!.Value;
        foreach (var parameter in param_group.Parameters)
        {
            using var value = torch.is_complex(parameter.dtype) ? new System.Numerics.Complex(initial, initial).ToScalar() : initial.ToScalar();
            _state[parameter.Handle] = new State(parameter) { step = 0, sum = torch.full_like(parameter, value).DetachFromDisposeScope() };
        }
    }

    /// <summary>One optimization step, as <see cref="Adagrad.step"/>.</summary>
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = group.Options;
        double lrDecay = options.lr_decay!.Value;
        double weightDecay = options.weight_decay!.Value;
        double lr = options.LearningRate!.Value;
        using var eps = options.eps!.Value.ToScalar();
        using var weightDecayScalar = weightDecay.ToScalar();
        using var one = 1.ToScalar();
        foreach (var param in group.Parameters)
        {
            var state = (State)_state[param.Handle];
            var grad = param.grad;
            if (grad is null) continue;
            state.step += 1;
            if (weightDecay != 0) grad = grad.add(param, weightDecayScalar);
            double clr = lr / (1 + (state.step - 1) * lrDecay);
            if (grad.is_sparse) throw new NotImplementedException("Adagrad optimization over sparse parameters");
            if (torch.is_complex(grad)) throw new NotImplementedException("Adagrad optimization over complex parameters");
            state.sum.addcmul_(grad, grad, one);
            var std = state.sum.sqrt().add_(eps, one);
            using var minusClr = (-clr).ToScalar();
            param.addcdiv_(grad, std, minusClr);
        }
    }, closure);
}
