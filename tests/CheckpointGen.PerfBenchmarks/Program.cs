using BenchmarkDotNet.Running;

// `probe-der ...`, `probe-async ...` and `probe-overhead ...` run the probes in Probes/ instead of benchmarks.
if (args is ["probe-der", ..]) { CheckpointGen.PerfBenchmarks.Probes.DerEpochProbe.Run(args[1..]); return; }
if (args is ["probe-async", ..]) { CheckpointGen.PerfBenchmarks.Probes.AsyncSaveProbe.Run(args[1..]); return; }
if (args is ["probe-overhead", ..]) { CheckpointGen.PerfBenchmarks.Probes.AsyncOverheadProbe.Run(args[1..]); return; }

// Pick benchmarks with BenchmarkDotNet's switches, e.g. --filter '*Checkpoint*' --job short.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
