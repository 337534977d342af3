using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using CheckpointGen.Generators.Classification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CheckpointGen.Analyzers.CodeFixes;

/// <summary>CKPT0011: removes the [CheckpointFormerName] that has no effect (its attribute list too when it held nothing else).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveFormerNameCodeFixProvider)), Shared]
public sealed class RemoveFormerNameCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.FormerNameWithoutEffect);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span).AncestorsAndSelf().OfType<AttributeSyntax>().FirstOrDefault() is not { Parent: AttributeListSyntax { Parent: MemberDeclarationSyntax declaration } list } attribute) return;
        var fixedDeclaration = list.Attributes.Count > 1 ? declaration.ReplaceNode(list, list.WithAttributes(list.Attributes.Remove(attribute))) : WithoutList(declaration, list);
        foreach (var diagnostic in context.Diagnostics)
        {
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Remove the [CheckpointFormerName] that has no effect",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(declaration, fixedDeclaration))),
                    EquivalenceKeys.RemoveFormerName),
                diagnostic);
        }
    }

    /// <summary>The declaration without the list; the first list's leading trivia (doc comment, indentation) moves to what follows.</summary>
    private static MemberDeclarationSyntax WithoutList(MemberDeclarationSyntax declaration, AttributeListSyntax list)
    {
        int index = declaration.AttributeLists.IndexOf(list);
        var result = declaration.WithAttributeLists(declaration.AttributeLists.RemoveAt(index));
        return index == 0 ? result.WithLeadingTrivia(list.GetLeadingTrivia()) : result;
    }
}
