using System;

namespace CheckpointGen.Generators.Classification;

/// <summary>
/// The names the generator declares inside a [Checkpointable] type's own partial declaration (besides
/// the restore hooks, <see cref="RestoreHooks"/>): the emitter writes them from here, and a type that
/// declares or inherits one of them gets CKPT0010 instead of generated code that would not compile.
/// </summary>
internal static class GeneratedMemberNames
{
    /// <summary>Writes the members a level declares; <c>protected virtual</c>/<c>override</c> unless sealed.</summary>
    public const string WriteMembers = "WriteCheckpointMembers";

    /// <summary>Restores the members a level declares.</summary>
    public const string ReadMembers = "ReadCheckpointMembers";

    /// <summary>Registers the codecs of generic type arguments.</summary>
    public const string RegisterCodecs = "__RegisterCheckpointCodecs";

    /// <summary>Prefix of the nested codec classes (followed by an index).</summary>
    public const string NestedCodecPrefix = "__CheckpointCodec";

    /// <summary>Prefix of the accessors of init-only and read-only backing fields (followed by the member's name).</summary>
    public const string BackingFieldAccessorPrefix = "__CheckpointBackingField_";

    /// <summary>True when <paramref name="name"/> is, or may be, a member the generated code declares.</summary>
    public static bool IsReserved(string name) =>
        name is WriteMembers or ReadMembers or RegisterCodecs
        || name.StartsWith(NestedCodecPrefix, StringComparison.Ordinal)
        || name.StartsWith(BackingFieldAccessorPrefix, StringComparison.Ordinal);
}
