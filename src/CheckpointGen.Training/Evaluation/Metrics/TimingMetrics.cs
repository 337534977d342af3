using System.Diagnostics;
using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Evaluation.Metrics;

/// <summary>
/// Wall-clock seconds between the first and the last update (Avalanche's ElapsedTime). Timestamps
/// are <see cref="Stopwatch"/> ticks of this process; a resumed run measures from its next update.
/// </summary>
[Checkpointable]
public abstract partial class TimePluginMetric : GenericPluginMetric
{
    private long? _start;
    private long? _last;

    /// <summary>Creates the metric with its scopes.</summary>
    protected TimePluginMetric(MetricScope resetAt, MetricScope emitAt, MetricMode mode) : base(resetAt, emitAt, mode) { }

    /// <inheritdoc/>
    public override void Reset() => (_start, _last) = (null, null);

    /// <inheritdoc/>
    public override double Result() => _start is { } start && _last is { } last ? Stopwatch.GetElapsedTime(start, last).TotalSeconds : 0.0;

    /// <summary>Marks now.</summary>
    protected void Mark()
    {
        long now = Stopwatch.GetTimestamp();
        _start ??= now;
        _last = now;
    }

    /// <inheritdoc/>
    protected override void Update(SupervisedTemplate strategy) => Mark();
}

/// <summary>Seconds of each training minibatch (<c>Time_MB</c>).</summary>
[Checkpointable]
public sealed partial class MinibatchTime() : TimePluginMetric(MetricScope.Iteration, MetricScope.Iteration, MetricMode.Train)
{
    /// <inheritdoc/>
    public override string Name => "Time_MB";

    /// <inheritdoc/>
    public override void BeforeTrainingIteration(SupervisedTemplate strategy)
    {
        base.BeforeTrainingIteration(strategy);
        Mark();
    }
}

/// <summary>Seconds of each training epoch (<c>Time_Epoch</c>).</summary>
[Checkpointable]
public sealed partial class EpochTime() : TimePluginMetric(MetricScope.Epoch, MetricScope.Epoch, MetricMode.Train)
{
    /// <inheritdoc/>
    public override string Name => "Time_Epoch";

    /// <inheritdoc/>
    public override void BeforeTrainingEpoch(SupervisedTemplate strategy)
    {
        base.BeforeTrainingEpoch(strategy);
        Mark();
    }
}

/// <summary>Mean seconds per minibatch over the epoch so far (<c>RunningTime_Epoch</c>).</summary>
[Checkpointable]
public sealed partial class RunningEpochTime() : TimePluginMetric(MetricScope.Epoch, MetricScope.Iteration, MetricMode.Train)
{
    private readonly Mean _perIteration = new();

    /// <inheritdoc/>
    public override string Name => "RunningTime_Epoch";

    /// <inheritdoc/>
    public override double Result() => _perIteration.Result();

    /// <inheritdoc/>
    public override void BeforeTrainingEpoch(SupervisedTemplate strategy)
    {
        base.BeforeTrainingEpoch(strategy);
        if (!strategy.IsResumingEpoch) _perIteration.Reset();
        Mark();
    }

    /// <inheritdoc/>
    public override void AfterTrainingIteration(SupervisedTemplate strategy)
    {
        Update(strategy);
        _perIteration.Update(base.Result());
        base.Reset();
        Mark();
        Package(strategy);
    }
}

/// <summary>Seconds of each evaluation experience (<c>Time_Exp</c>).</summary>
[Checkpointable]
public sealed partial class ExperienceTime() : TimePluginMetric(MetricScope.Experience, MetricScope.Experience, MetricMode.Eval)
{
    /// <inheritdoc/>
    public override string Name => "Time_Exp";

    /// <inheritdoc/>
    public override void BeforeEvalExp(SupervisedTemplate strategy)
    {
        base.BeforeEvalExp(strategy);
        Mark();
    }
}

/// <summary>Seconds of each evaluation stream (<c>Time_Stream</c>).</summary>
[Checkpointable]
public sealed partial class StreamTime() : TimePluginMetric(MetricScope.Stream, MetricScope.Stream, MetricMode.Eval)
{
    /// <inheritdoc/>
    public override string Name => "Time_Stream";

    /// <inheritdoc/>
    public override void BeforeEval(SupervisedTemplate strategy)
    {
        base.BeforeEval(strategy);
        Mark();
    }
}
