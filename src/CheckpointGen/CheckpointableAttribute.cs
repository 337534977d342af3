namespace CheckpointGen;

/// <summary>
/// Marks a partial class, struct or record whose instance state is saved and restored by
/// compile-time-generated code (the CheckpointGen source generator implements
/// <see cref="ICheckpointable"/> for it). Every instance field is saved unless marked
/// <see cref="CheckpointIgnoreAttribute"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false, AllowMultiple = false)]
public sealed class CheckpointableAttribute : Attribute
{
}
