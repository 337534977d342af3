namespace CheckpointGen;

/// <summary>
/// Leaves a field or auto-property out of the checkpoint: its value after a restore is whatever
/// the object already held. Use it only for state that is really transient (caches, handles,
/// progress bars); the analyzer reports (CKPT0007) ignored members that are mutated after
/// construction so that a reviewer can confirm it.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
public sealed class CheckpointIgnoreAttribute : Attribute
{
}
