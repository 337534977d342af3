namespace CheckpointGen.Generators.Classification;

/// <summary>
/// The saved members of a [Checkpointable] type (its own level of the inheritance chain) and every
/// reason it cannot be checkpointed. The generator emits code only when <see cref="Problems"/> is empty.
/// </summary>
internal sealed record TypeClassification(EquatableArray<ClassifiedMember> Members, EquatableArray<ClassificationProblem> Problems)
{
    public bool IsValid => Problems.IsEmpty;
}
