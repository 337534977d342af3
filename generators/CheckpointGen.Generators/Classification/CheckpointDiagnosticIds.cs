namespace CheckpointGen.Generators.Classification;

/// <summary>
/// The reasons a [Checkpointable] type or member cannot be checkpointed, each prefixed with the
/// analyzer rule that reports it (CKPTnnnn, then "/detail" where one rule has several reasons that
/// need different fixes). The analyzer maps them to its descriptors.
/// The diagnostic ids of the reasons a [Checkpointable] type or member cannot be checkpointed.
/// The classification produces them; the analyzer reports them (the generator only skips the type),
/// so both always agree on what is unsupported.
/// </summary>
internal static class CheckpointDiagnosticIds
{
    /// <summary>A [Checkpointable] type, or a type containing it, is not declared partial.</summary>
    public const string TypeNotPartial = "CKPT0001";

    /// <summary>A saved member's type cannot be checkpointed (delegate, task, stream, pointer, unknown class…).</summary>
    public const string UnsupportedMemberType = "CKPT0002";

    // CKPT0003 (an implementation of a [RequiresCheckpointing] type is not [Checkpointable]) is the analyzer's own.

    // CKPT0004 (a base type holds state but is not [Checkpointable]) and CKPT0005 (a static mutable
    // field) are the analyzer's own.

    /// <summary>Two saved members (possibly at different levels of one inheritance chain) share a key (rule CKPT0006).</summary>
    public const string DuplicateKey = "CKPT0006/duplicate";

    /// <summary>A [CheckpointKey] is empty or whitespace (rule CKPT0006).</summary>
    public const string EmptyKey = "CKPT0006/empty";

    /// <summary>A member is a System.Random, whose state cannot be read: use CheckpointableRandom (rule CKPT0002, with its own fix).</summary>
    public const string SystemRandom = "CKPT0002/random";

    // CKPT0007 (an ignored member is mutated after construction) is the analyzer's own.

    /// <summary>
    /// A saved member's type could not be resolved: the compiler already reports it, so the analyzer
    /// stays silent and the generator skips the type (same rule as an unsupported type).
    /// </summary>
    public const string UnresolvedType = "CKPT0002/unresolved";
}
