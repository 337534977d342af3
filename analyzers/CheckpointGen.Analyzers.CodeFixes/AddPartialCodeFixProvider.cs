using System.Collections.Immutable;
using System.Composition;
using CheckpointGen.Generators.Classification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CodeFixes;

namespace CheckpointGen.Analyzers.CodeFixes;

/// <summary>CKPT0001: adds <c>partial</c> to the type and to every type containing it.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddPartialCodeFixProvider)), Shared]
public sealed class AddPartialCodeFixProvider : TypeDeclarationCodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.CheckpointableTypeNotPartial);

    /// <inheritdoc />
    protected override string Title(string typeName) => $"Make '{typeName}' partial";

    /// <inheritdoc />
    protected override string EquivalenceKey => EquivalenceKeys.AddPartial;

    /// <inheritdoc />
    protected override SyntaxNode Fix(SyntaxNode root, TypeDeclarationSyntax declaration) => CheckpointableMarking.WithPartialChain(root, declaration);
}
