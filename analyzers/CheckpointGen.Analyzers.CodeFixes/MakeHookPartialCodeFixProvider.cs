using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using CheckpointGen.Generators.Classification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace CheckpointGen.Analyzers.CodeFixes;

/// <summary>
/// CKPT0008: turns an ordinary hook method into the implementation of the generated partial method:
/// <c>private void OnCheckpointRestored()</c> becomes <c>partial void OnCheckpointRestored()</c>
/// (accessibility and inheritance modifiers go: a partial void method is private and not virtual).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeHookPartialCodeFixProvider)), Shared]
public sealed class MakeHookPartialCodeFixProvider : CodeFixProvider
{
    private static readonly ImmutableHashSet<SyntaxKind> Dropped = ImmutableHashSet.Create(
        SyntaxKind.PublicKeyword, SyntaxKind.PrivateKeyword, SyntaxKind.ProtectedKeyword, SyntaxKind.InternalKeyword,
        SyntaxKind.VirtualKeyword, SyntaxKind.SealedKeyword, SyntaxKind.NewKeyword);

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.RestoreHookNotPartial);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span).AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault() is not { } method) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.ContainsKey(RestoreHookAnalyzer.FixableProperty)) continue;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Make '{method.Identifier.ValueText}' the partial hook",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(method, AsPartial(method)))),
                    EquivalenceKeys.MakeHookPartial),
                diagnostic);
        }
    }

    /// <summary>The method with <c>partial</c> just before its return type (where C# requires it), keeping its comments, attributes and indentation.</summary>
    private static MethodDeclarationSyntax AsPartial(MethodDeclarationSyntax method)
    {
        // What precedes the first modifier (or the return type): indentation, and the doc comment when no attribute comes first.
        var first = method.Modifiers.Count > 0 ? method.Modifiers[0] : method.ReturnType.GetFirstToken();
        var modifiers = method.Modifiers.Where(m => !Dropped.Contains(m.Kind()))
            .Append(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space))
            .ToList();
        modifiers[0] = modifiers[0].WithLeadingTrivia(first.LeadingTrivia);
        var returnType = method.Modifiers.Count > 0 ? method.ReturnType : method.ReturnType.WithLeadingTrivia();
        return method.WithReturnType(returnType).WithModifiers(SyntaxFactory.TokenList(modifiers));
    }
}
