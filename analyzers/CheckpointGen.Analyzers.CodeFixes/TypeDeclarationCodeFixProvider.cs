using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CheckpointGen.Analyzers.CodeFixes;

/// <summary>
/// A fix that rewrites the type declaration a diagnostic points into (add <c>partial</c>, add
/// <c>[Checkpointable]</c>): finds the declaration, registers one action per diagnostic, batch Fix All.
/// </summary>
public abstract class TypeDeclarationCodeFixProvider : CodeFixProvider
{
    /// <summary>The action's title for the type named <paramref name="typeName"/>.</summary>
    protected abstract string Title(string typeName);

    /// <summary>The stable key that lets Fix All group these actions.</summary>
    protected abstract string EquivalenceKey { get; }

    /// <summary>The new syntax root with <paramref name="declaration"/> fixed.</summary>
    protected abstract SyntaxNode Fix(SyntaxNode root, TypeDeclarationSyntax declaration);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span).AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault() is not { } declaration) return;

        foreach (var diagnostic in context.Diagnostics)
        {
            context.RegisterCodeFix(
                CodeAction.Create(
                    Title(declaration.Identifier.ValueText),
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(Fix(root, declaration))),
                    EquivalenceKey),
                diagnostic);
        }
    }
}
