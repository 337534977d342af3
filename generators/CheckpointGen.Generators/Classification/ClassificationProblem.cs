namespace CheckpointGen.Generators.Classification;

/// <summary>
/// Why a type or one of its members cannot be checkpointed. <see cref="MemberName"/> is empty for a
/// problem of the type itself; the analyzer finds the member symbol by that name to place the diagnostic.
/// </summary>
/// <param name="Kind">What is wrong; it decides the rule that reports it.</param>
/// <param name="MemberName">The member (field or auto-property) concerned, or empty for the type.</param>
/// <param name="Message">What is wrong and how to fix it: for a member that cannot be checkpointed the reason alone (the analyzer's message names the member), otherwise a sentence.</param>
internal sealed record ClassificationProblem(ProblemKind Kind, string MemberName, string Message);
