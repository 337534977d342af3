using System.Diagnostics;
using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Evaluation.Metrics;

/// <summary>
/// This process's CPU usage in percent (100 = one core busy), as Avalanche's CPUUsage: between two
/// updates, processor time over wall time, averaged over the scope weighted by wall time. The first
/// update after a reset (or a resume) only starts the measurement.
/// </summary>
[Checkpointable]
public abstract partial class CpuPluginMetric : GenericPluginMetric
{
    private readonly Mean _usage = new();
    private long? _lastWall;
    private double _lastCpuSeconds;

    /// <summary>Creates the metric with its scopes.</summary>
    protected CpuPluginMetric(MetricScope resetAt, MetricScope emitAt, MetricMode mode) : base(resetAt, emitAt, mode) { }

    /// <inheritdoc/>
    public override void Reset()
    {
        _usage.Reset();
        _lastWall = null;
    }

    /// <inheritdoc/>
    public override double Result() => _usage.Result();

    /// <summary>Measures the usage since the previous sample.</summary>
    protected void Sample()
    {
        long wall = Stopwatch.GetTimestamp();
        using var process = Process.GetCurrentProcess();
        double cpu = process.TotalProcessorTime.TotalSeconds;
        if (_lastWall is { } lastWall)
        {
            double elapsed = Stopwatch.GetElapsedTime(lastWall, wall).TotalSeconds;
            if (elapsed > 0) _usage.Update(100.0 * (cpu - _lastCpuSeconds) / elapsed, elapsed);
        }
        _lastWall = wall;
        _lastCpuSeconds = cpu;
    }

    /// <inheritdoc/>
    protected override void Update(SupervisedTemplate strategy) => Sample();
}

/// <summary>CPU usage of each training minibatch (<c>CPUUsage_MB</c>).</summary>
[Checkpointable]
public sealed partial class MinibatchCpuUsage() : CpuPluginMetric(MetricScope.Iteration, MetricScope.Iteration, MetricMode.Train)
{
    /// <inheritdoc/>
    public override string Name => "CPUUsage_MB";

    /// <inheritdoc/>
    public override void BeforeTrainingIteration(SupervisedTemplate strategy)
    {
        base.BeforeTrainingIteration(strategy);
        Sample();
    }
}

/// <summary>CPU usage of each training epoch (<c>CPUUsage_Epoch</c>).</summary>
[Checkpointable]
public sealed partial class EpochCpuUsage() : CpuPluginMetric(MetricScope.Epoch, MetricScope.Epoch, MetricMode.Train)
{
    /// <inheritdoc/>
    public override string Name => "CPUUsage_Epoch";

    /// <inheritdoc/>
    public override void BeforeTrainingEpoch(SupervisedTemplate strategy)
    {
        base.BeforeTrainingEpoch(strategy);
        Sample();
    }
}

/// <summary>CPU usage of each evaluation experience (<c>CPUUsage_Exp</c>).</summary>
[Checkpointable]
public sealed partial class ExperienceCpuUsage() : CpuPluginMetric(MetricScope.Experience, MetricScope.Experience, MetricMode.Eval)
{
    /// <inheritdoc/>
    public override string Name => "CPUUsage_Exp";

    /// <inheritdoc/>
    public override void BeforeEvalExp(SupervisedTemplate strategy)
    {
        base.BeforeEvalExp(strategy);
        Sample();
    }
}

/// <summary>CPU usage of each evaluation stream (<c>CPUUsage_Stream</c>).</summary>
[Checkpointable]
public sealed partial class StreamCpuUsage() : CpuPluginMetric(MetricScope.Stream, MetricScope.Stream, MetricMode.Eval)
{
    /// <inheritdoc/>
    public override string Name => "CPUUsage_Stream";

    /// <inheritdoc/>
    public override void BeforeEval(SupervisedTemplate strategy)
    {
        base.BeforeEval(strategy);
        Sample();
    }
}
