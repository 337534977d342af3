using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CheckpointGen.Analyzers.CodeFixes;

/// <summary>Syntax edits the fixes share: adding <c>partial</c> and <c>[Checkpointable]</c> to type declarations.</summary>
internal static class TypeDeclarationEdits
{
    /// <summary>The declaration with <c>partial</c> added just before its keyword (where C# requires it), keeping its trivia.</summary>
    public static TypeDeclarationSyntax WithPartial(TypeDeclarationSyntax declaration)
    {
        if (declaration.Modifiers.Any(SyntaxKind.PartialKeyword)) return declaration;
        var partial = SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        if (declaration.Modifiers.Count == 0)
        {
            var keyword = declaration.Keyword;
            return declaration
                .WithKeyword(keyword.WithLeadingTrivia(SyntaxFactory.TriviaList()))
                .WithModifiers(SyntaxFactory.TokenList(partial.WithLeadingTrivia(keyword.LeadingTrivia)));
        }
        return declaration.WithModifiers(declaration.Modifiers.Add(partial));
    }

    /// <summary>The declaration with <c>[Checkpointable]</c> added (short name: callers add the using with <see cref="Imports"/>).</summary>
    public static TypeDeclarationSyntax WithCheckpointableAttribute(TypeDeclarationSyntax declaration) =>
        WithAttribute(declaration, "Checkpointable");

    /// <summary>Puts the attribute on its own line above the declaration, after any doc comment, at the declaration's indentation.</summary>
    public static TSyntax WithAttribute<TSyntax>(TSyntax declaration, string attributeName)
        where TSyntax : MemberDeclarationSyntax
    {
        var leading = declaration.GetLeadingTrivia();
        var indentation = leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia)
            ? SyntaxFactory.TriviaList(leading[leading.Count - 1])
            : SyntaxFactory.TriviaList();
        var list = AttributeList(attributeName)
            .WithLeadingTrivia(leading)
            .WithTrailingTrivia(EndOfLine(declaration));
        var stripped = declaration.WithLeadingTrivia(indentation);
        return (TSyntax)stripped.WithAttributeLists(stripped.AttributeLists.Insert(0, list));
    }

    /// <summary>The line ending the file already uses, so a fix does not mix CRLF into an LF file.</summary>
    private static SyntaxTrivia EndOfLine(SyntaxNode node)
    {
        var existing = node.SyntaxTree.GetRoot().DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        return existing.IsKind(SyntaxKind.EndOfLineTrivia) ? existing : SyntaxFactory.LineFeed;
    }

    public static AttributeListSyntax AttributeList(string attributeName) =>
        SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(
            SyntaxFactory.Attribute(SyntaxFactory.ParseName(attributeName))));
}
