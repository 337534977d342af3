using System.Runtime.CompilerServices;
using static TorchSharp.torch.optim.lr_scheduler;

namespace CheckpointGen.Torch.Schedulers;

/// <summary>
/// The fields of TorchSharp 0.107's LR schedulers that decide their future. TorchSharp declares
/// them internal or private and offers no state API (no state_dict, no last_epoch getter), so
/// no public call can read a scheduler's step count. They are reached with
/// <see cref="UnsafeAccessorAttribute"/>: not reflection (no string lookup at run time per call,
/// trimming- and AOT-safe), bound by the JIT to the exact field name and type; a TorchSharp that
/// renamed one fails with <see cref="MissingFieldException"/>, which the scheduler codec turns
/// into a clear error (and the scheduler round-trip tests catch on upgrade).
/// </summary>
internal static class SchedulerFields
{
    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_last_epoch")]
    public static extern ref int LastEpoch(LRScheduler scheduler);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_step_count")]
    public static extern ref int StepCount(LRScheduler scheduler);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_base_lrs")]
    public static extern ref IList<double>? BaseLearningRates(LRScheduler scheduler);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_last_lrs")]
    public static extern ref IList<double>? LastLearningRates(LRScheduler scheduler);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "best")]
    public static extern ref double Best(impl.ReduceLROnPlateau scheduler);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "num_bad_epochs")]
    public static extern ref int NumBadEpochs(impl.ReduceLROnPlateau scheduler);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "cooldown_counter")]
    public static extern ref int CooldownCounter(impl.ReduceLROnPlateau scheduler);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_schedulers")]
    public static extern ref LRScheduler[] SequenceParts(impl.SequentialLR scheduler);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_schedulers")]
    public static extern ref IEnumerable<LRScheduler> ChainParts(impl.ChainedLR scheduler);
}
