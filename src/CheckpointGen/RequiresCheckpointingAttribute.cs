namespace CheckpointGen;

/// <summary>
/// Put on an interface or base class whose implementations take part in a checkpointed run
/// (plugins, metrics, loggers, strategies). The analyzer then warns (CKPT0003) about any
/// non-abstract implementation that holds mutable instance state but is not
/// <see cref="CheckpointableAttribute">[Checkpointable]</see>.
/// </summary>
[AttributeUsage(AttributeTargets.Interface | AttributeTargets.Class, Inherited = true, AllowMultiple = false)]
public sealed class RequiresCheckpointingAttribute : Attribute
{
}
