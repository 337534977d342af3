using CheckpointGen.Format;
using CheckpointGen.Reading;
using CheckpointGen.Torch.Schedulers;
using CheckpointGen.Writing;
using TorchSharp;
using static TorchSharp.torch.optim.lr_scheduler;

namespace CheckpointGen.Torch;

/// <summary>
/// TorchSharp's LR schedulers (every one TorchSharp 0.107 defines: StepLR, MultiStepLR,
/// ExponentialLR, CosineAnnealingLR, LambdaLR, MultiplicativeLR, PolynomialLR, ConstantLR,
/// LinearLR, CyclicLR, OneCycleLR, ReduceLROnPlateau, SequentialLR, ChainedLR).
/// </summary>
/// <remarks>
/// <para>Approach: set the state directly rather than replaying steps. A scheduler's future is
/// decided by its configuration (constructor arguments: gamma, milestones, lambdas, T_max… which
/// the restored program rebuilds), its step counter <c>last_epoch</c>, its base and last learning
/// rates, and the optimizer's current learning rates and momenta (saved by the optimizer's codec:
/// checkpoint the optimizer too). ReduceLROnPlateau adds its best metric, bad-epoch count and
/// cooldown counter; SequentialLR and ChainedLR add their sub-schedulers (saved as components, so
/// a sub-scheduler the program also holds stays shared). Replaying "construct, step k times"
/// was rejected: it needs k, which TorchSharp does not expose either, moves the optimizer's
/// learning rates, and cannot replay ReduceLROnPlateau without the metric history.</para>
/// <para>TorchSharp keeps all of this in non-public fields with no state API, so they are read
/// and written through <see cref="SchedulerFields"/> (UnsafeAccessor, not reflection).</para>
/// <para>A scheduler class from outside TorchSharp is refused unless it implements
/// <see cref="ICheckpointable"/> (its own state is unknown here).</para>
/// </remarks>
internal sealed class SchedulerCodec : IObjectCodec
{
    private const string LastEpochKey = "last_epoch";
    private const string StepCountKey = "step_count";
    private const string BaseLearningRatesKey = "base_lrs";
    private const string LastLearningRatesKey = "last_lrs";
    private const string BestKey = "best";
    private const string NumBadEpochsKey = "num_bad_epochs";
    private const string CooldownCounterKey = "cooldown_counter";
    private const string SchedulersKey = "schedulers";

    public bool CanHandle(object value) => value is LRScheduler;

    public void Write(CheckpointWriter writer, object value)
    {
        var scheduler = Supported(value);
        try
        {
            WriteInt32(writer, LastEpochKey, SchedulerFields.LastEpoch(scheduler));
            WriteInt32(writer, StepCountKey, SchedulerFields.StepCount(scheduler));
            WriteRates(writer, BaseLearningRatesKey, SchedulerFields.BaseLearningRates(scheduler));
            WriteRates(writer, LastLearningRatesKey, SchedulerFields.LastLearningRates(scheduler));
            if (scheduler is impl.ReduceLROnPlateau plateau)
            {
                writer.BeginMember(BestKey);
                writer.WriteDouble(SchedulerFields.Best(plateau));
                writer.EndMember();
                WriteInt32(writer, NumBadEpochsKey, SchedulerFields.NumBadEpochs(plateau));
                WriteInt32(writer, CooldownCounterKey, SchedulerFields.CooldownCounter(plateau));
            }
            if (Parts(scheduler) is { } parts)
            {
                writer.BeginMember(SchedulersKey);
                writer.BeginSequence(parts.Count);
                foreach (var part in parts) writer.WriteObject(part);
                writer.EndMember();
            }
        }
        catch (MissingFieldException e)
        {
            throw Incompatible(scheduler, e);
        }
    }

    public void Read(CheckpointReader reader, object target)
    {
        var scheduler = Supported(target);
        try
        {
            if (reader.TryBeginMember(LastEpochKey)) { SchedulerFields.LastEpoch(scheduler) = reader.ReadInt32(); reader.EndMember(); }
            if (reader.TryBeginMember(StepCountKey)) { SchedulerFields.StepCount(scheduler) = reader.ReadInt32(); reader.EndMember(); }
            ReadRates(reader, BaseLearningRatesKey, SchedulerFields.BaseLearningRates(scheduler), scheduler);
            ReadRates(reader, LastLearningRatesKey, SchedulerFields.LastLearningRates(scheduler), scheduler);
            if (scheduler is impl.ReduceLROnPlateau plateau)
            {
                if (reader.TryBeginMember(BestKey)) { SchedulerFields.Best(plateau) = reader.ReadDouble(); reader.EndMember(); }
                if (reader.TryBeginMember(NumBadEpochsKey)) { SchedulerFields.NumBadEpochs(plateau) = reader.ReadInt32(); reader.EndMember(); }
                if (reader.TryBeginMember(CooldownCounterKey)) { SchedulerFields.CooldownCounter(plateau) = reader.ReadInt32(); reader.EndMember(); }
            }
            if (Parts(scheduler) is { } parts && reader.TryBeginMember(SchedulersKey))
            {
                int saved = reader.BeginSequence();
                if (saved != parts.Count)
                    throw new CheckpointMismatchException($"Checkpoint {reader.CurrentTypeName}.{SchedulersKey}: {saved} sub-scheduler(s) were saved, this {scheduler.GetType().Name} has {parts.Count}.");
                foreach (var part in parts) reader.ReadObject(part);
                reader.EndMember();
            }
        }
        catch (MissingFieldException e)
        {
            throw Incompatible(scheduler, e);
        }
    }

    private static List<LRScheduler>? Parts(LRScheduler scheduler) => scheduler switch
    {
        impl.SequentialLR sequence => [.. SchedulerFields.SequenceParts(sequence)],
        impl.ChainedLR chain => [.. SchedulerFields.ChainParts(chain)],
        _ => null,
    };

    private static void WriteInt32(CheckpointWriter writer, string key, int value)
    {
        writer.BeginMember(key);
        writer.WriteInt32(value);
        writer.EndMember();
    }

    private static void WriteRates(CheckpointWriter writer, string key, IList<double>? rates)
    {
        writer.BeginMember(key);
        if (rates is null) writer.WriteNull(); else writer.WritePrimitiveArray<double>(rates.ToArray());
        writer.EndMember();
    }

    /// <summary>Copies the saved rates into the scheduler's own list, element by element: SequentialLR shares that list with its first sub-scheduler.</summary>
    private static void ReadRates(CheckpointReader reader, string key, IList<double>? rates, LRScheduler scheduler)
    {
        if (!reader.TryBeginMember(key)) return;
        if (reader.TryReadNull())
        {
            if (rates is not null)
                throw new CheckpointMismatchException($"Checkpoint {reader.CurrentTypeName}.{key}: saved none, but this {scheduler.GetType().Name} has {rates.Count} (one per param group).");
        }
        else
        {
            var saved = reader.ReadPrimitiveSpan<double>();
            if (rates is null || rates.Count != saved.Length)
                throw new CheckpointMismatchException(
                    $"Checkpoint {reader.CurrentTypeName}.{key}: saved {saved.Length} learning rate(s) (one per param group), but this {scheduler.GetType().Name} has {rates?.Count ?? 0}; its optimizer has another number of param groups.");
            for (int i = 0; i < saved.Length; i++) rates[i] = saved[i];
        }
        reader.EndMember();
    }

    private static LRScheduler Supported(object value)
    {
        var scheduler = (LRScheduler)value;
        if (value.GetType().Assembly != typeof(LRScheduler).Assembly)
            throw new NotSupportedException($"The LR scheduler {TypeNames.Of(value.GetType())} is not one of TorchSharp's own, so its state is unknown to CheckpointGen: implement ICheckpointable on it (or mark it [Checkpointable]) to save its state.");
        return scheduler;
    }

    private static NotSupportedException Incompatible(LRScheduler scheduler, MissingFieldException e) =>
        new($"The LR scheduler {TypeNames.Of(scheduler.GetType())} cannot be checkpointed with this TorchSharp build: a field CheckpointGen reads (written for TorchSharp 0.107) is missing ({e.Message}).", e);
}
