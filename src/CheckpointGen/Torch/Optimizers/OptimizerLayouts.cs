using TorchSharp.Modules;

namespace CheckpointGen.Torch.Optimizers;

/// <summary>
/// The table of TorchSharp 0.107's managed optimizers: for each, the hyperparameters of its
/// param-group options and the fields of its per-parameter state (as declared by TorchSharp's
/// nested <c>Options</c> and <c>State</c> classes). LBFGS is absent: it is implemented in libtorch
/// and TorchSharp exposes none of its state.
/// </summary>
internal static class OptimizerLayouts
{
    private static readonly Dictionary<Type, OptimizerLayout> ByType = new OptimizerLayout[]
    {
        new OptimizerLayout<SGD, SGD.Options, SGD.State>()
            .Option("momentum", o => ref o.momentum).Option("dampening", o => ref o.dampening)
            .Option("weight_decay", o => ref o.weight_decay).Option("nesterov", o => ref o.nesterov).Option("maximize", o => ref o.maximize)
            .State("momentum_buffer", s => ref s.momentum_buffer),
        new OptimizerLayout<Adam, Adam.Options, Adam.State>()
            .Option("beta1", o => ref o.beta1).Option("beta2", o => ref o.beta2).Option("weight_decay", o => ref o.weight_decay)
            .Option("eps", o => ref o.eps).Option("amsgrad", o => ref o.amsgrad).Option("maximize", o => ref o.maximize)
            .State("step", s => ref s.step).State("exp_avg", s => ref s.exp_avg).State("exp_avg_sq", s => ref s.exp_avg_sq)
            .State("max_exp_avg_sq", s => ref s.max_exp_avg_sq),
        new OptimizerLayout<AdamW, AdamW.Options, AdamW.State>()
            .Option("beta1", o => ref o.beta1).Option("beta2", o => ref o.beta2).Option("weight_decay", o => ref o.weight_decay)
            .Option("eps", o => ref o.eps).Option("amsgrad", o => ref o.amsgrad).Option("maximize", o => ref o.maximize)
            .State("step", s => ref s.step).State("exp_avg", s => ref s.exp_avg).State("exp_avg_sq", s => ref s.exp_avg_sq)
            .State("max_exp_avg_sq", s => ref s.max_exp_avg_sq),
        new OptimizerLayout<RMSProp, RMSProp.Options, RMSProp.State>()
            .Option("momentum", o => ref o.momentum).Option("alpha", o => ref o.alpha).Option("eps", o => ref o.eps)
            .Option("weight_decay", o => ref o.weight_decay).Option("centered", o => ref o.centered).Option("maximize", o => ref o.maximize)
            .State("step", s => ref s.step).State("square_avg", s => ref s.square_avg)
            .State("momentum_buffer", s => ref s.momentum_buffer).State("grad_avg", s => ref s.grad_avg),
        new OptimizerLayout<Adagrad, Adagrad.Options, Adagrad.State>()
            .Option("lr_decay", o => ref o.lr_decay).Option("initial_accumulator_value", o => ref o.initial_accumulator_value)
            .Option("eps", o => ref o.eps).Option("weight_decay", o => ref o.weight_decay)
            .State("step", s => ref s.step).State("sum", s => ref s.sum),
        new OptimizerLayout<Adadelta, Adadelta.Options, Adadelta.State>()
            .Option("rho", o => ref o.rho).Option("eps", o => ref o.eps).Option("weight_decay", o => ref o.weight_decay)
            .Option("maximize", o => ref o.maximize)
            .State("step", s => ref s.step).State("square_avg", s => ref s.square_avg).State("acc_delta", s => ref s.acc_delta),
        new OptimizerLayout<Adamax, Adamax.Options, Adamax.State>()
            .Option("beta1", o => ref o.beta1).Option("beta2", o => ref o.beta2).Option("eps", o => ref o.eps)
            .Option("weight_decay", o => ref o.weight_decay)
            .State("step", s => ref s.step).State("exp_avg", s => ref s.exp_avg).State("exp_inf", s => ref s.exp_inf),
        new OptimizerLayout<NAdam, NAdam.Options, NAdam.State>()
            .Option("beta1", o => ref o.beta1).Option("beta2", o => ref o.beta2).Option("eps", o => ref o.eps)
            .Option("weight_decay", o => ref o.weight_decay).Option("momentum_decay", o => ref o.momentum_decay)
            .State("step", s => ref s.step).State("mu_product", s => ref s.mu_product)
            .State("exp_avg", s => ref s.exp_avg).State("exp_avg_sq", s => ref s.exp_avg_sq),
        new OptimizerLayout<RAdam, RAdam.Options, RAdam.State>()
            .Option("beta1", o => ref o.beta1).Option("beta2", o => ref o.beta2).Option("eps", o => ref o.eps)
            .Option("weight_decay", o => ref o.weight_decay)
            .State("step", s => ref s.step).State("exp_avg", s => ref s.exp_avg).State("exp_avg_sq", s => ref s.exp_avg_sq),
        new OptimizerLayout<ASGD, ASGD.Options, ASGD.State>()
            .Option("lambd", o => ref o.lambd).Option("alpha", o => ref o.alpha).Option("weight_decay", o => ref o.weight_decay)
            .Option("t0", o => ref o.t0).Option("maximize", o => ref o.maximize)
            .State("step", s => ref s.step).State("eta", s => ref s.eta).State("mu", s => ref s.mu).State("ax", s => ref s.ax),
        new OptimizerLayout<Rprop, Rprop.Options, Rprop.State>()
            .Option("etaminus", o => ref o.etaminus).Option("etaplus", o => ref o.etaplus)
            .Option("min_step", o => ref o.min_step).Option("max_step", o => ref o.max_step).Option("maximize", o => ref o.maximize)
            .State("step", s => ref s.step).State("prev", s => ref s.prev).State("step_size", s => ref s.step_size),
    }.ToDictionary(layout => layout.OptimizerType);

    /// <summary>
    /// The layout of exactly this optimizer type; a subclass of a known optimizer may add state, so it is
    /// matched to its base only when it declares <see cref="SameStateAsBaseOptimizerAttribute"/>.
    /// </summary>
    public static OptimizerLayout? For(Type optimizerType) => Resolved.GetOrAdd(optimizerType, static type =>
    {
        while (type.IsDefined(typeof(SameStateAsBaseOptimizerAttribute), inherit: false) && type.BaseType is { } baseType) type = baseType;
        return ByType.GetValueOrDefault(type);
    });

    // Every save asks again; reading the attribute each time cost as much as writing the optimizer's options.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, OptimizerLayout?> Resolved = new();
}
