using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CheckpointGen.Analyzers;

/// <summary>Syntax facts about a type's declarations that the analyzers need.</summary>
internal static class TypeDeclarations
{
    /// <summary>The first declaration of the type that lacks the <c>partial</c> modifier, or null when all have it.</summary>
    public static TypeDeclarationSyntax? FirstNonPartial(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration
                && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                return declaration;
            }
        }
        return null;
    }

    /// <summary>Where to report on the type's base class: the first entry of a base list naming it, else the type's name.</summary>
    public static Location BaseTypeLocation(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax { BaseList.Types: { Count: > 0 } types })
            {
                return types[0].GetLocation();
            }
        }
        return type.Locations[0];
    }

    public static bool IsInSource(ISymbol symbol) => symbol.Locations.Any(l => l.IsInSource);
}
