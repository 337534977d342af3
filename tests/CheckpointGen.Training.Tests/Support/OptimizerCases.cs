using CheckpointGen.Training.Optimizers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Support;

/// <summary>
/// Every optimizer the checkpoint codec supports, each with option sets that reach every branch of its step:
/// the GC-safe optimizer and TorchSharp's own with the same options.
/// </summary>
internal static class OptimizerCases
{
    public sealed record Case(string Name, Func<IEnumerable<Parameter>, optim.Optimizer> Safe, Func<IEnumerable<Parameter>, optim.Optimizer> TorchSharp);

    public static readonly Case[] All =
    [
        new("SGD", ps => new GcSafeSgd(ps, 0.1), ps => optim.SGD(ps, 0.1)),
        new("SGD momentum nesterov decay", ps => new GcSafeSgd(ps, 0.1, momentum: 0.9, weightDecay: 1e-3, nesterov: true), ps => optim.SGD(ps, 0.1, momentum: 0.9, weight_decay: 1e-3, nesterov: true)),
        new("SGD momentum dampening maximize", ps => new GcSafeSgd(ps, 0.05, momentum: 0.5, dampening: 0.1, maximize: true), ps => optim.SGD(ps, 0.05, momentum: 0.5, dampening: 0.1, maximize: true)),
        new("Adam", ps => new GcSafeAdam(ps, 1e-3), ps => optim.Adam(ps, 1e-3)),
        new("Adam decay amsgrad maximize", ps => new GcSafeAdam(ps, 1e-3, weightDecay: 1e-2, amsgrad: true, maximize: true), ps => optim.Adam(ps, 1e-3, weight_decay: 1e-2, amsgrad: true, maximize: true)),
        new("AdamW", ps => new GcSafeAdamW(ps, 1e-3), ps => optim.AdamW(ps, 1e-3)),
        new("AdamW decay amsgrad maximize", ps => new GcSafeAdamW(ps, 1e-3, weightDecay: 1e-2, amsgrad: true, maximize: true), ps => optim.AdamW(ps, 1e-3, weight_decay: 1e-2, amsgrad: true, maximize: true)),
        new("RMSProp", ps => new GcSafeRmsProp(ps, 1e-2), ps => optim.RMSProp(ps, 1e-2)),
        new("RMSProp centered momentum decay maximize", ps => new GcSafeRmsProp(ps, 1e-2, weightDecay: 1e-3, momentum: 0.9, centered: true, maximize: true), ps => optim.RMSProp(ps, 1e-2, weight_decay: 1e-3, momentum: 0.9, centered: true, maximize: true)),
        new("Adagrad", ps => new GcSafeAdagrad(ps, 1e-2), ps => optim.Adagrad(ps, 1e-2)),
        new("Adagrad decay accumulator", ps => new GcSafeAdagrad(ps, 1e-2, lrDecay: 1e-2, weightDecay: 1e-3, initialAccumulatorValue: 0.1), ps => optim.Adagrad(ps, 1e-2, lr_decay: 1e-2, weight_decay: 1e-3, initial_accumulator_value: 0.1)),
        new("Adadelta", ps => new GcSafeAdadelta(ps), ps => optim.Adadelta(ps)),
        new("Adadelta decay maximize", ps => new GcSafeAdadelta(ps, 0.5, weightDecay: 1e-3, maximize: true), ps => optim.Adadelta(ps, 0.5, weight_decay: 1e-3, maximize: true)),
        new("Adamax", ps => new GcSafeAdamax(ps), ps => optim.Adamax(ps)),
        new("Adamax decay", ps => new GcSafeAdamax(ps, 1e-2, weightDecay: 1e-3), ps => optim.Adamax(ps, 1e-2, weight_decay: 1e-3)),
        new("NAdam", ps => new GcSafeNAdam(ps), ps => optim.NAdam(ps)),
        new("NAdam decay", ps => new GcSafeNAdam(ps, 1e-2, weightDecay: 1e-3, momentumDecay: 1e-2), ps => optim.NAdam(ps, 1e-2, weight_decay: 1e-3, momentum_decay: 1e-2)),
        new("RAdam", ps => new GcSafeRAdam(ps), ps => optim.RAdam(ps)),
        new("RAdam decay", ps => new GcSafeRAdam(ps, 1e-2, weightDecay: 1e-3), ps => optim.RAdam(ps, 1e-2, weight_decay: 1e-3)),
        new("ASGD", ps => new GcSafeAsgd(ps, 1e-2), ps => optim.ASGD(ps, 1e-2)),
        new("ASGD averaging decay maximize", ps => new GcSafeAsgd(ps, 1e-2, t0: 2, weightDecay: 1e-3, maximize: true), ps => optim.ASGD(ps, 1e-2, t0: 2, weight_decay: 1e-3, maximize: true)),
        new("Rprop", ps => new GcSafeRprop(ps), ps => optim.Rprop(ps)),
        new("Rprop maximize", ps => new GcSafeRprop(ps, 1e-3, etaminus: 0.4, etaplus: 1.1, minStep: 1e-5, maxStep: 1, maximize: true), ps => optim.Rprop(ps, 1e-3, etaminus: 0.4, etaplus: 1.1, min_step: 1e-5, max_step: 1, maximize: true)),
    ];

    public static TheoryData<string> Names() => new(All.Select(c => c.Name));

    /// <summary>One case per optimizer type, the option set with the most Scalars per step (the soak test's optimizers).</summary>
    public static IReadOnlyList<Case> OnePerOptimizer => RaceCases.Where(name => name != "SGD").Select(Named).ToList();

    /// <summary>Plain SGD (GEM's) and, for every other optimizer, the option set with the most Scalars per step: the cases of the GC race tests, which cost seconds each.</summary>
    public static TheoryData<string> RaceNames() => new(RaceCases);

    private static readonly string[] RaceCases =
    [
        "SGD", "SGD momentum nesterov decay", "Adam decay amsgrad maximize", "AdamW decay amsgrad maximize", "RMSProp centered momentum decay maximize",
        "Adagrad decay accumulator", "Adadelta decay maximize", "Adamax decay", "NAdam decay", "RAdam decay", "ASGD averaging decay maximize", "Rprop maximize",
    ];

    public static Case Named(string name) => All.Single(c => c.Name == name);
}
