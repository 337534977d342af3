using Xunit;

namespace CheckpointGen.Tests.Randomness;

/// <summary>
/// Tests that seed, draw from or restore torch's process-wide CPU generator (or RngManager.Default)
/// must not run alongside any other test: a concurrent draw would shift the stream they compare.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchGlobalRngCollection
{
    public const string Name = "Torch global RNG";
}
