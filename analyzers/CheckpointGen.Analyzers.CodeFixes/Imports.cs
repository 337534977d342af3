using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CheckpointGen.Analyzers.CodeFixes;

/// <summary>
/// Makes sure a file imports the CheckpointGen namespace, so fixes can write short names
/// (<c>[Checkpointable]</c>, <c>CheckpointableRandom</c>) as a person would.
/// </summary>
internal static class Imports
{
    public const string Namespace = "CheckpointGen";

    public static SyntaxNode WithCheckpointGenUsing(SyntaxNode root)
    {
        if (root is not CompilationUnitSyntax unit) return root;
        bool present = unit.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax)
            .OfType<UsingDirectiveSyntax>()
            .Any(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name?.ToString() == Namespace);
        if (present || IsInsideCheckpointGenNamespace(unit)) return root;

        var newLine = unit.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var endOfLine = newLine.IsKind(SyntaxKind.EndOfLineTrivia) ? newLine : SyntaxFactory.LineFeed;
        var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(Namespace))
            .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(SyntaxFactory.Space))
            .WithTrailingTrivia(endOfLine);

        if (unit.Usings.Count == 0)
        {
            // Keep the file's leading trivia (a header comment) above the new using, then a blank line.
            var first = unit.GetFirstToken(includeZeroWidth: true);
            var leading = first.LeadingTrivia;
            unit = unit.ReplaceToken(first, first.WithLeadingTrivia(SyntaxFactory.TriviaList(endOfLine)));
            return unit.WithUsings(SyntaxFactory.SingletonList(directive.WithLeadingTrivia(leading)));
        }

        // Sorted among the existing usings, System ones first as dotnet_sort_system_directives_first asks.
        int index = 0;
        while (index < unit.Usings.Count && ComesBefore(unit.Usings[index])) index++;
        return unit.WithUsings(unit.Usings.Insert(index, directive));
    }

    private static bool ComesBefore(UsingDirectiveSyntax existing)
    {
        if (existing.Alias is not null || !existing.StaticKeyword.IsKind(SyntaxKind.None)) return false;
        var name = existing.Name?.ToString() ?? "";
        return name == "System" || name.StartsWith("System.", System.StringComparison.Ordinal)
            || string.CompareOrdinal(name, Namespace) < 0;
    }

    private static bool IsInsideCheckpointGenNamespace(CompilationUnitSyntax unit) =>
        unit.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax)
            .OfType<BaseNamespaceDeclarationSyntax>()
            .Any(n => n.Name.ToString() == Namespace || n.Name.ToString().StartsWith(Namespace + ".", System.StringComparison.Ordinal));
}
