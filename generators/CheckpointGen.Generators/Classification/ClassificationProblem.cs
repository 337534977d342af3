namespace CheckpointGen.Generators.Classification;

/// <summary>
/// Why a type or one of its members cannot be checkpointed. <see cref="MemberName"/> is empty for a
/// problem of the type itself; the analyzer finds the member symbol by that name to place the diagnostic.
/// </summary>
/// <param name="DiagnosticId">One of <see cref="CheckpointDiagnosticIds"/>.</param>
/// <param name="MemberName">The member (field or auto-property) concerned, or empty for the type.</param>
/// <param name="Message">A sentence that names what is wrong and how to fix it.</param>
internal sealed record ClassificationProblem(string DiagnosticId, string MemberName, string Message);
