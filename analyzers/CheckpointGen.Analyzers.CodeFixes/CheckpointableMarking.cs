using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CheckpointGen.Analyzers.CodeFixes;

/// <summary>
/// Makes a type [Checkpointable]: the attribute on one declaration, <c>partial</c> on it and on
/// every containing type, all in the document that declares it (which may not be the one the
/// diagnostic is in).
/// </summary>
internal static class CheckpointableMarking
{
    /// <summary>The declaration with [Checkpointable] added and partial on it and on its containing types.</summary>
    public static SyntaxNode MarkInRoot(SyntaxNode root, TypeDeclarationSyntax declaration) =>
        Imports.WithUsing(root.ReplaceNodes(
            declaration.AncestorsAndSelf().OfType<TypeDeclarationSyntax>(),
            (original, rewritten) => TypeDeclarationEdits.WithPartial(
                original == declaration ? TypeDeclarationEdits.WithCheckpointableAttribute(rewritten) : rewritten)), Imports.AttributesNamespace);

    /// <summary>Adds partial to the declaration and to every type declaration containing it.</summary>
    public static SyntaxNode WithPartialChain(SyntaxNode root, TypeDeclarationSyntax declaration) =>
        root.ReplaceNodes(
            declaration.AncestorsAndSelf().OfType<TypeDeclarationSyntax>(),
            (_, rewritten) => TypeDeclarationEdits.WithPartial(rewritten));

    /// <summary>Marks the type with documentation ID <paramref name="typeId"/>, declared in source somewhere in the solution.</summary>
    public static async Task<Solution> MarkTypeAsync(Document document, string typeId, CancellationToken cancellationToken)
    {
        var solution = document.Project.Solution;
        var compilation = await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (compilation is null || DocumentationCommentId.GetFirstSymbolForDeclarationId(typeId, compilation) is not INamedTypeSymbol type) return solution;
        var reference = type.DeclaringSyntaxReferences.FirstOrDefault();
        if (reference is null || solution.GetDocument(reference.SyntaxTree) is not { } target) return solution;
        if (await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is not TypeDeclarationSyntax declaration) return solution;

        var root = await target.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null ? solution : solution.WithDocumentSyntaxRoot(target.Id, MarkInRoot(root, declaration));
    }
}
