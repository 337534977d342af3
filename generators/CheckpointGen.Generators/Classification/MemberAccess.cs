namespace CheckpointGen.Generators.Classification;

/// <summary>How generated code assigns a member when it restores it (reading is always direct).</summary>
internal enum MemberAccess
{
    /// <summary>A mutable field or an auto-property with a setter: plain assignment.</summary>
    Assign,
    /// <summary>A readonly field: assigned through <c>Unsafe.AsRef(in field)</c>.</summary>
    ReadOnlyField,
    /// <summary>A get-only or init-only auto-property: its backing field through an [UnsafeAccessor] (no reflection, AOT-safe).</summary>
    BackingField,
}
