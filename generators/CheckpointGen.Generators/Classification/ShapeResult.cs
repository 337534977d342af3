namespace CheckpointGen.Generators.Classification;

/// <summary>The shape of a type, or why it has none.</summary>
internal readonly struct ShapeResult
{
    private ShapeResult(ValueShape? shape, ProblemKind problem, string reason)
    {
        Shape = shape;
        Problem = problem;
        Reason = reason;
    }

    public ValueShape? Shape { get; }

    /// <summary>What is wrong when unsupported.</summary>
    public ProblemKind Problem { get; }

    /// <summary>Why the type cannot be checkpointed and what to do instead.</summary>
    public string Reason { get; }

    public bool IsSupported => Shape is not null;

    public static ShapeResult Of(ValueShape shape) => new(shape, default, "");

    public static ShapeResult Unsupported(string reason, ProblemKind problem = ProblemKind.UnsupportedType) => new(null, problem, reason);
}
