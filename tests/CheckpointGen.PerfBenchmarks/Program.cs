using BenchmarkDotNet.Running;

// `probe-der ...` runs the DER++ per-epoch counter probe (Probes/DerEpochProbe.cs) instead of benchmarks.
if (args is ["probe-der", ..]) { CheckpointGen.PerfBenchmarks.Probes.DerEpochProbe.Run(args[1..]); return; }

// Pick benchmarks with BenchmarkDotNet's switches, e.g. --filter '*Checkpoint*' --job short.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
