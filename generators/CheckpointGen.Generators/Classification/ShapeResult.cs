namespace CheckpointGen.Generators.Classification;

/// <summary>The shape of a type, or why it has none.</summary>
internal readonly struct ShapeResult
{
    private ShapeResult(ValueShape? shape, string problemId, string reason)
    {
        Shape = shape;
        ProblemId = problemId;
        Reason = reason;
    }

    public ValueShape? Shape { get; }

    /// <summary>The diagnostic id when unsupported (see <see cref="CheckpointDiagnosticIds"/>).</summary>
    public string ProblemId { get; }

    /// <summary>Why the type cannot be checkpointed and what to do instead.</summary>
    public string Reason { get; }

    public bool IsSupported => Shape is not null;

    public static ShapeResult Of(ValueShape shape) => new(shape, "", "");

    public static ShapeResult Unsupported(string reason, string id = CheckpointDiagnosticIds.UnsupportedMemberType) => new(null, id, reason);
}
