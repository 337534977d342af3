using CheckpointGen.Generators.Classification;
using Microsoft.CodeAnalysis;

namespace CheckpointGen.Analyzers;

/// <summary>
/// One descriptor per rule, shared by the analyzers and the code fixes. Every message names the
/// member and the type; every rule has its page under docs/diagnostics/ (in the repository and in the CheckpointGen package).
/// Severities are defaults: users change them with <c>dotnet_diagnostic.CKPTnnnn.severity</c> in .editorconfig.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "CheckpointGen";

    public static readonly DiagnosticDescriptor CheckpointableTypeNotPartial = new(
        DiagnosticIds.CheckpointableTypeNotPartial,
        title: "[Checkpointable] type must be partial",
        messageFormat: "Type '{0}' must be partial: {1}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The source generator adds the ICheckpointable implementation to the type's own declaration, which needs the type and every type containing it to be partial.",
        helpLinkUri: HelpLink(DiagnosticIds.CheckpointableTypeNotPartial));

    public static readonly DiagnosticDescriptor MemberTypeNotCheckpointable = new(
        DiagnosticIds.MemberTypeNotCheckpointable,
        title: "Member of a [Checkpointable] type cannot be checkpointed",
        messageFormat: "Member '{0}' of '{1}' cannot be checkpointed: {2}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Every instance field and auto-property of a [Checkpointable] type is saved, so each must have a type the checkpoint can store. Mark transient members [CheckpointIgnore], use a supported type, or make the member's type [Checkpointable].",
        helpLinkUri: HelpLink(DiagnosticIds.MemberTypeNotCheckpointable));

    public static readonly DiagnosticDescriptor UnsavedMutableState = new(
        DiagnosticIds.UnsavedMutableState,
        title: "Mutable state of a [RequiresCheckpointing] implementation is not saved",
        messageFormat: "'{0}' implements '{1}', which requires checkpointing, and holds mutable state in '{2}', but is not [Checkpointable]: that state is lost on resume",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A plugin, metric, logger or strategy that changes its own state during a run must save it, or a resumed run silently diverges. Mark the type [Checkpointable] and partial.",
        helpLinkUri: HelpLink(DiagnosticIds.UnsavedMutableState));

    public static readonly DiagnosticDescriptor BaseStateNotSaved = new(
        DiagnosticIds.BaseStateNotSaved,
        title: "Base type state of a [Checkpointable] type is not saved",
        messageFormat: "'{0}' is [Checkpointable] but its base type '{1}' holds instance state in '{2}' and is not [Checkpointable]: that state is lost on resume",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Each [Checkpointable] level of a hierarchy saves only its own members and calls its base; a base that is not [Checkpointable] is skipped.",
        helpLinkUri: HelpLink(DiagnosticIds.BaseStateNotSaved));

    public static readonly DiagnosticDescriptor StaticMutableState = new(
        DiagnosticIds.StaticMutableState,
        title: "Static mutable state is not checkpointed",
        messageFormat: "Static member '{0}' of '{1}' is mutable: static state is not saved in checkpoints and leaks between runs",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Checkpoints save instance state only. Static state survives from one run to the next in the same process and is missing after a resume in a new one.",
        helpLinkUri: HelpLink(DiagnosticIds.StaticMutableState));

    public static readonly DiagnosticDescriptor InvalidMemberAnnotation = new(
        DiagnosticIds.InvalidMemberAnnotation,
        title: "Invalid [CheckpointKey] or [CheckpointIgnore]",
        messageFormat: "Member '{0}' of '{1}': {2}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Checkpoint keys identify members in the file: they must be non-empty and unique within a type. The attributes are only meaningful on members that are saved.",
        helpLinkUri: HelpLink(DiagnosticIds.InvalidMemberAnnotation));

    public static readonly DiagnosticDescriptor IgnoredMemberMutated = new(
        DiagnosticIds.IgnoredMemberMutated,
        title: "[CheckpointIgnore] member changes after construction",
        messageFormat: "Member '{0}' of '{1}' is [CheckpointIgnore] but is changed outside constructors: confirm that it is really transient",
        Category,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "State deliberately left out of the checkpoint keeps whatever value the object holds after a restore. Shown so that a reviewer can confirm it is a cache or handle, not run state.",
        helpLinkUri: HelpLink(DiagnosticIds.IgnoredMemberMutated));

    public static readonly DiagnosticDescriptor RestoreHookNotPartial = new(
        DiagnosticIds.RestoreHookNotPartial,
        title: "Restore hook is not the generated partial method",
        messageFormat: "'{0}' of '{1}' {2}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The generator declares OnCheckpointStructureRestored() and OnCheckpointRestored() as partial methods; implementing them as 'partial void' lets the compiler check the name and signature, so a misspelled hook is an error rather than a method that never runs.",
        helpLinkUri: HelpLink(DiagnosticIds.RestoreHookNotPartial));

    /// <summary>
    /// The same rule as reported once the whole compilation has been analysed (changes made by another
    /// type's code): tagged so that the IDE shows it with full-solution analysis and builds.
    /// </summary>
    public static DiagnosticDescriptor AtCompilationEnd(DiagnosticDescriptor rule) => new(
        rule.Id, rule.Title, rule.MessageFormat, rule.Category, rule.DefaultSeverity, rule.IsEnabledByDefault, rule.Description,
        rule.HelpLinkUri, WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor UnsavedMutableStateAtEnd = AtCompilationEnd(UnsavedMutableState);

    public static readonly DiagnosticDescriptor StaticMutableStateAtEnd = AtCompilationEnd(StaticMutableState);

    public static readonly DiagnosticDescriptor IgnoredMemberMutatedAtEnd = AtCompilationEnd(IgnoredMemberMutated);

    public static readonly DiagnosticDescriptor TemporaryScalar = new(
        DiagnosticIds.TemporaryScalar,
        title: "A temporary TorchSharp Scalar is handed to libtorch",
        messageFormat: "'{0}' hands libtorch a temporary Scalar ({1}) that a garbage collection can free during the native call: {2}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "TorchSharp passes a Scalar to libtorch as a bare pointer and keeps nothing referencing it. When a collection runs while the calling thread is inside the call (another thread allocating, or a background GC finishing) and the thread is descheduled, the finalizer frees the c10::Scalar before libtorch reads it: 'Expected false to be true' from Scalar::toFloat, or 'Unknown scalar type'.",
        helpLinkUri: HelpLink(DiagnosticIds.TemporaryScalar));

    public static readonly DiagnosticDescriptor CheckpointableTypeCannotReceiveCode = new(
        DiagnosticIds.CheckpointableTypeCannotReceiveCode,
        title: "[Checkpointable] type cannot receive generated code",
        messageFormat: "'{0}' gets no checkpoint code: {1}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generator implements ICheckpointable in a partial declaration of the type, in its own file, with members of fixed names. A static class, a ref struct or a file-local type cannot take that declaration, and a member of the type (or of a base class below the nearest [Checkpointable] one) named as a generated member would clash with it; such a type gets no generated code and is not saved.",
        helpLinkUri: HelpLink(DiagnosticIds.CheckpointableTypeCannotReceiveCode));

    public static readonly DiagnosticDescriptor FormerNameWithoutEffect = new(
        DiagnosticIds.FormerNameWithoutEffect,
        title: "[CheckpointFormerName] has no effect here",
        messageFormat: "Former name '{0}' of '{1}' has no effect: {2}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A former name is compared with the type name a checkpoint recorded for a [Checkpointable] object or struct, an ICheckpointable object or a [MemoryPackable] value. On any other type, or as a name that no recorded name can equal, it never matches, and checkpoints saved under the old name still fail to restore.",
        helpLinkUri: HelpLink(DiagnosticIds.FormerNameWithoutEffect));

    /// <summary>No link: the project has no public home yet, and an invented address would lead users to a missing page. The pages ship in the package under docs/diagnostics/.</summary>
    private static string? HelpLink(string id) => null;
}
