using System.Collections.Immutable;
using System.Composition;
using CheckpointGen.Generators.Classification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CodeFixes;

namespace CheckpointGen.Analyzers.CodeFixes;

/// <summary>CKPT0003: adds [Checkpointable] and partial to the type (and partial to its containing types).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeCheckpointableCodeFixProvider)), Shared]
public sealed class MakeCheckpointableCodeFixProvider : TypeDeclarationCodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.UnsavedMutableState);

    /// <inheritdoc />
    protected override string Title(string typeName) => $"Make '{typeName}' [Checkpointable] and partial";

    /// <inheritdoc />
    protected override string EquivalenceKey => EquivalenceKeys.MakeCheckpointable;

    /// <inheritdoc />
    protected override SyntaxNode Fix(SyntaxNode root, TypeDeclarationSyntax declaration) => CheckpointableMarking.MarkInRoot(root, declaration);
}
