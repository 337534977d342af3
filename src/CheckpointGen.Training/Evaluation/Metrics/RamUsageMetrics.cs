using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Evaluation.Metrics;

/// <summary>
/// The largest resident memory of this process, in MiB, sampled at the start of the scope and after
/// every minibatch (Avalanche's MaxRAM samples from a thread every second; sampling at the events
/// costs nothing and cannot miss a minibatch's peak by more than that minibatch).
/// </summary>
[Checkpointable]
public abstract partial class RamPluginMetric : GenericPluginMetric
{
    private double _maxMib;

    /// <summary>Creates the metric with its scopes.</summary>
    protected RamPluginMetric(MetricScope resetAt, MetricScope emitAt, MetricMode mode) : base(resetAt, emitAt, mode) { }

    /// <inheritdoc/>
    public override void Reset() => _maxMib = 0;

    /// <inheritdoc/>
    public override double Result() => _maxMib;

    /// <summary>Samples the resident memory now.</summary>
    protected void Sample() => _maxMib = Math.Max(_maxMib, Environment.WorkingSet / 1024.0 / 1024.0);

    /// <inheritdoc/>
    protected override void Update(SupervisedTemplate strategy) => Sample();
}

/// <summary>Peak RAM of each training minibatch (<c>MaxRAMUsage_MB</c>).</summary>
[Checkpointable]
public sealed partial class MinibatchMaxRam() : RamPluginMetric(MetricScope.Iteration, MetricScope.Iteration, MetricMode.Train)
{
    /// <inheritdoc/>
    public override string Name => "MaxRAMUsage_MB";

    /// <inheritdoc/>
    public override void BeforeTrainingIteration(SupervisedTemplate strategy)
    {
        base.BeforeTrainingIteration(strategy);
        Sample();
    }
}

/// <summary>Peak RAM of each training epoch (<c>MaxRAMUsage_Epoch</c>).</summary>
[Checkpointable]
public sealed partial class EpochMaxRam() : RamPluginMetric(MetricScope.Epoch, MetricScope.Epoch, MetricMode.Train)
{
    /// <inheritdoc/>
    public override string Name => "MaxRAMUsage_Epoch";

    /// <inheritdoc/>
    public override void BeforeTrainingEpoch(SupervisedTemplate strategy)
    {
        base.BeforeTrainingEpoch(strategy);
        Sample();
    }
}

/// <summary>Peak RAM of each evaluation experience (<c>MaxRAMUsage_Experience</c>, Avalanche's spelling).</summary>
[Checkpointable]
public sealed partial class ExperienceMaxRam() : RamPluginMetric(MetricScope.Experience, MetricScope.Experience, MetricMode.Eval)
{
    /// <inheritdoc/>
    public override string Name => "MaxRAMUsage_Experience";

    /// <inheritdoc/>
    public override void BeforeEvalExp(SupervisedTemplate strategy)
    {
        base.BeforeEvalExp(strategy);
        Sample();
    }
}

/// <summary>Peak RAM of each evaluation stream (<c>MaxRAMUsage_Stream</c>).</summary>
[Checkpointable]
public sealed partial class StreamMaxRam() : RamPluginMetric(MetricScope.Stream, MetricScope.Stream, MetricMode.Eval)
{
    /// <inheritdoc/>
    public override string Name => "MaxRAMUsage_Stream";

    /// <inheritdoc/>
    public override void BeforeEval(SupervisedTemplate strategy)
    {
        base.BeforeEval(strategy);
        Sample();
    }
}
