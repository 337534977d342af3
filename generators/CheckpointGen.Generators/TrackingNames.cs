namespace CheckpointGen.Generators;

/// <summary>Names of the incremental pipeline steps, for caching tests (<c>trackIncrementalGeneratorSteps</c>).</summary>
internal static class TrackingNames
{
    /// <summary>Types carrying [Checkpointable], turned into models (null for types that cannot be checkpointed).</summary>
    public const string Models = "CheckpointableModels";

    /// <summary>The models of the types that can be checkpointed.</summary>
    public const string ValidModels = "ValidCheckpointableModels";
}
