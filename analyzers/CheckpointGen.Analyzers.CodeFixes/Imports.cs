using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CheckpointGen.Analyzers.CodeFixes;

/// <summary>
/// Makes sure a file imports a CheckpointGen namespace, so fixes can write short names
/// (<c>[Checkpointable]</c>, <c>CheckpointableRandom</c>) as a person would.
/// </summary>
internal static class Imports
{
    /// <summary>The namespace of the attributes.</summary>
    public const string AttributesNamespace = "CheckpointGen";

    /// <summary>The namespace of <c>CheckpointableRandom</c>.</summary>
    public const string RandomnessNamespace = "CheckpointGen.Randomness";

    public static SyntaxNode WithUsing(SyntaxNode root, string @namespace)
    {
        if (root is not CompilationUnitSyntax unit) return root;
        bool present = unit.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax)
            .OfType<UsingDirectiveSyntax>()
            .Any(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name?.ToString() == @namespace);
        if (present || IsInside(unit, @namespace)) return root;

        var newLine = unit.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var endOfLine = newLine.IsKind(SyntaxKind.EndOfLineTrivia) ? newLine : SyntaxFactory.LineFeed;
        var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(@namespace))
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
        while (index < unit.Usings.Count && ComesBefore(unit.Usings[index], @namespace)) index++;
        return unit.WithUsings(unit.Usings.Insert(index, directive));
    }

    private static bool ComesBefore(UsingDirectiveSyntax existing, string @namespace)
    {
        if (existing.Alias is not null || !existing.StaticKeyword.IsKind(SyntaxKind.None)) return false;
        var name = existing.Name?.ToString() ?? "";
        return name == "System" || name.StartsWith("System.", System.StringComparison.Ordinal)
            || string.CompareOrdinal(name, @namespace) < 0;
    }

    private static bool IsInside(CompilationUnitSyntax unit, string @namespace) =>
        unit.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax)
            .OfType<BaseNamespaceDeclarationSyntax>()
            .Any(n => n.Name.ToString() == @namespace || n.Name.ToString().StartsWith(@namespace + ".", System.StringComparison.Ordinal));
}
