namespace CheckpointGen;

/// <summary>
/// Overrides the key a member is stored under (by default its name). Keep the old key when you
/// rename a member so that existing checkpoints still restore into it.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
public sealed class CheckpointKeyAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="key">The key the member is stored under; neither empty nor shared with another member of the type.</param>
    public CheckpointKeyAttribute(string key) => Key = key;

    /// <summary>The key the member is stored under.</summary>
    public string Key { get; }
}
