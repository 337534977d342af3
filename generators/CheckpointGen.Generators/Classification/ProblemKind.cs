namespace CheckpointGen.Generators.Classification;

/// <summary>Why a [Checkpointable] type or one of its members cannot be checkpointed; each kind belongs to one rule (<see cref="ProblemKinds.RuleId"/>).</summary>
internal enum ProblemKind
{
    /// <summary>The type, or a type containing it, is not partial (CKPT0001).</summary>
    TypeNotPartial,
    /// <summary>A saved member's type cannot be checkpointed (CKPT0002).</summary>
    UnsupportedType,
    /// <summary>A member is a System.Random, whose state cannot be read (CKPT0002, with its own fix).</summary>
    SystemRandom,
    /// <summary>A member's type could not be resolved: the compiler reports it, the analyzer stays silent.</summary>
    UnresolvedType,
    /// <summary>A member's type is a [Checkpointable] struct that gets no code until its own errors are fixed: those are reported, this is not.</summary>
    TypeWithErrors,
    /// <summary>Two saved members of one inheritance chain share a key (CKPT0006).</summary>
    DuplicateKey,
    /// <summary>A [CheckpointKey] is empty or whitespace (CKPT0006).</summary>
    EmptyKey,
    /// <summary>A [CheckpointConfiguration] member is not a plain value (CKPT0006).</summary>
    ConfigurationNotAValue,
}

/// <summary>The rule of each <see cref="ProblemKind"/>.</summary>
internal static class ProblemKinds
{
    public static string RuleId(this ProblemKind kind) => kind switch
    {
        ProblemKind.TypeNotPartial => DiagnosticIds.CheckpointableTypeNotPartial,
        ProblemKind.DuplicateKey or ProblemKind.EmptyKey or ProblemKind.ConfigurationNotAValue => DiagnosticIds.InvalidMemberAnnotation,
        _ => DiagnosticIds.MemberTypeNotCheckpointable,
    };

    /// <summary>True for problems another diagnostic (the compiler's, or one on another type) already explains.</summary>
    public static bool IsReportedElsewhere(this ProblemKind kind) => kind is ProblemKind.UnresolvedType or ProblemKind.TypeWithErrors;
}
