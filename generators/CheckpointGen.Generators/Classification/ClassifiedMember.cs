namespace CheckpointGen.Generators.Classification;

/// <summary>One saved member of a [Checkpointable] type.</summary>
/// <param name="Name">The field or auto-property name as written in source.</param>
/// <param name="Key">The key it is stored under: its name, or its [CheckpointKey].</param>
/// <param name="Shape">How its value is written and read.</param>
/// <param name="Access">How the restored value is assigned.</param>
/// <param name="BackingFieldName">The compiler's backing field name for <see cref="MemberAccess.BackingField"/>; empty otherwise.</param>
/// <param name="ConfigurationChange">For a [CheckpointConfiguration] member (compared on restore, never assigned): the ConfigurationChange member name of its policy; empty for state.</param>
internal sealed record ClassifiedMember(string Name, string Key, ValueShape Shape, MemberAccess Access, string BackingFieldName, string ConfigurationChange = "")
{
    /// <summary>True for a [CheckpointConfiguration] member.</summary>
    public bool IsConfiguration => ConfigurationChange.Length > 0;
}
