namespace CheckpointGen;

/// <summary>
/// A name this type was saved under before it was renamed or moved to another namespace, so that
/// checkpoints written then still restore into it. The name is the one the inspector shows for the
/// old type: namespace-qualified, <c>+</c> between a nested type and its container, without generic
/// arguments (those of the current type are appended). Repeat the attribute for several former names.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false, AllowMultiple = true)]
public sealed class CheckpointFormerNameAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="name">The former namespace-qualified name, e.g. <c>"MyLib.Plugins.ReplayBuffer"</c>.</param>
    public CheckpointFormerNameAttribute(string name) => Name = name;

    /// <summary>The former namespace-qualified name.</summary>
    public string Name { get; }
}
