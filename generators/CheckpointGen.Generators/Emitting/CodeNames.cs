using CheckpointGen.Generators.Classification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CheckpointGen.Generators.Emitting;

/// <summary>Names and small expressions shared by the emitters.</summary>
internal static class CodeNames
{
    public static readonly string Writer = KnownNames.Global(KnownNames.CheckpointWriter);
    public static readonly string Reader = KnownNames.Global(KnownNames.CheckpointReader);
    public static readonly string ICheckpointable = KnownNames.Global(KnownNames.ICheckpointable);
    public static readonly string ICheckpointableFactory = KnownNames.Global(KnownNames.ICheckpointableFactory);
    public static readonly string ICheckpointableRecord = KnownNames.Global(KnownNames.ICheckpointableRecord);
    public static readonly string ICheckpointableRows = KnownNames.Global(KnownNames.ICheckpointableRows);
    public static readonly string CheckpointableRandom = KnownNames.Global(KnownNames.CheckpointableRandom);
    public static readonly string Parameter = KnownNames.Global(KnownNames.TorchParameter);
    public static readonly string ValueCodec = KnownNames.Global(KnownNames.ValueCodec);
    public static readonly string ValueCodecs = KnownNames.Global(KnownNames.ValueCodecs);
    public const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
    public const string MemoryMarshal = "global::System.Runtime.InteropServices.MemoryMarshal";
    public const string CollectionsMarshal = "global::System.Runtime.InteropServices.CollectionsMarshal";
    public const string Immutable = "global::System.Collections.Immutable";
    public static readonly string ValueTag = KnownNames.Global(KnownNames.ValueTag);
    public static readonly string FormatException = KnownNames.Global(KnownNames.CheckpointFormatException);

    public static readonly string Version = typeof(CodeNames).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static readonly string GeneratedCodeAttribute = $"[global::System.CodeDom.Compiler.GeneratedCode(\"CheckpointGen\", \"{Version}\")]";
    public const string ExcludeFromCoverageAttribute = "[global::System.Diagnostics.CodeAnalysis.ExcludeFromCodeCoverage]";

    /// <summary>A C# string literal.</summary>
    public static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

    /// <summary>The identifier as source, escaped with @ when it is a keyword.</summary>
    public static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) is SyntaxKind.AwaitKeyword ? "@" + name : name;

    /// <summary>The type name without a top-level nullable annotation (for type arguments and <c>new</c>).</summary>
    public static string NonNullable(ValueShape shape) =>
        shape.IsReferenceType && shape.TypeName.EndsWith("?", System.StringComparison.Ordinal) ? shape.TypeName.Substring(0, shape.TypeName.Length - 1) : shape.TypeName;

    /// <summary>The C# type of the block-copied element: the scalar itself or an enum's underlying type.</summary>
    public static string BlockType(ValueShape element) => PrimitiveNames.CSharpType(element.Primitive);

    /// <summary>
    /// "Record", "Object" or "Polymorphic" for an element stored as columns in its collections (the infix
    /// of WriteRecordColumns / ReadRecordArray / ReadRecordColumns, WriteObjectColumns / ReadObjectArray…),
    /// null when each element is written on its own.
    /// </summary>
    public static string? ColumnsKind(ValueShape element) =>
        element.IsColumnarRecord ? "Record" : element.IsColumnarObject ? "Object" : element.IsPolymorphicObject ? "Polymorphic" : null;

    /// <summary>
    /// An array of block-copyable elements as an array of <see cref="BlockType"/>: itself, or for an enum
    /// array the same array seen as one of the enum's underlying type (the CLR allows casting an E[]
    /// to and from an array of its underlying type, so no copy is made).
    /// </summary>
    public static string AsBlockArray(ValueShape element, string array) =>
        element.Kind == ShapeKind.Enum ? $"({BlockType(element)}[]?)(object?){array}" : array;

    /// <summary><c>new E[count]</c>, written so that it also works when E is itself an array type.</summary>
    public static string NewArray(ValueShape element, string count) =>
        element.TypeName.Contains("[")
            ? $"global::System.GC.AllocateArray<{element.TypeName}>({count})"
            : $"new {element.TypeName}[{count}]";

    /// <summary>The runtime's codec of a type parameter's closed type, resolved once per type.</summary>
    public static string CodecOf(ValueShape typeParameter) => $"{ValueCodecs}.For<{typeParameter.TypeName}>()";

    /// <summary>"!" for a value that can be null, to assign a read value to a member declared non-nullable.</summary>
    public static string Bang(ValueShape shape) => shape.IsReferenceType ? "!" : "";
}
