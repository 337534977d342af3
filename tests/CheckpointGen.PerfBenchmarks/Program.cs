using BenchmarkDotNet.Running;

// Pick benchmarks with BenchmarkDotNet's switches, e.g. --filter '*Checkpoint*' --job short.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
