using Xunit;

namespace CheckpointGen.Tests.Torch;

/// <summary>Tests that seed or read torch's process-wide RNG must not run in parallel with each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchGlobalState
{
    public const string Name = "torch global RNG";
}
