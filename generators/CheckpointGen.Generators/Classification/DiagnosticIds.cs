namespace CheckpointGen.Generators.Classification;

/// <summary>
/// The rule ids, one name per rule, for the analyzer, its code fixes and the classification. They
/// are public contract: users suppress and configure them by id in .editorconfig, so an id is never
/// reused for another meaning.
/// </summary>
internal static class DiagnosticIds
{
    /// <summary>A [Checkpointable] type, or a type containing one, is not partial.</summary>
    public const string CheckpointableTypeNotPartial = "CKPT0001";

    /// <summary>A member of a [Checkpointable] type has a type that cannot be checkpointed.</summary>
    public const string MemberTypeNotCheckpointable = "CKPT0002";

    /// <summary>A [RequiresCheckpointing] implementation holds mutable state but is not [Checkpointable].</summary>
    public const string UnsavedMutableState = "CKPT0003";

    /// <summary>A [Checkpointable] type derives from a stateful base that is not [Checkpointable].</summary>
    public const string BaseStateNotSaved = "CKPT0004";

    /// <summary>A static mutable field in a [Checkpointable] type or [RequiresCheckpointing] implementation.</summary>
    public const string StaticMutableState = "CKPT0005";

    /// <summary>A duplicate or empty [CheckpointKey], or [CheckpointKey]/[CheckpointIgnore] on a member that is not saved anyway.</summary>
    public const string InvalidMemberAnnotation = "CKPT0006";

    /// <summary>A [CheckpointIgnore] member is assigned or mutated outside constructors.</summary>
    public const string IgnoredMemberMutated = "CKPT0007";

    /// <summary>A restore hook is an ordinary method rather than the partial method the generator declares.</summary>
    public const string RestoreHookNotPartial = "CKPT0008";
    /// <summary>A temporary TorchSharp Scalar is handed to a native call, where a garbage collection can free it.</summary>
    public const string TemporaryScalar = "CKPT0009";
}
