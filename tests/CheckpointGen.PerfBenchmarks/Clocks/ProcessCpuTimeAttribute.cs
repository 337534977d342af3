using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace CheckpointGen.PerfBenchmarks.Clocks;

/// <summary>
/// Measures a benchmark class with <see cref="ProcessCpuClock"/>, in process (the clock must read the
/// process that runs the benchmark). Applies to every job, including those given on the command line.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ProcessCpuTimeAttribute()
    : JobMutatorConfigBaseAttribute(Job.Default.WithClock(ProcessCpuClock.Instance).WithToolchain(InProcessEmitToolchain.Instance));
