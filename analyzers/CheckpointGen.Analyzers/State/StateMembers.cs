using System.Linq;
using Microsoft.CodeAnalysis;

namespace CheckpointGen.Analyzers.State;

/// <summary>
/// Maps the symbols that code references onto the members that hold state: fields, and
/// auto-properties (whose compiler-generated backing field is the state). A property with a
/// hand-written body holds no state of its own; the fields it touches do.
/// </summary>
internal static class StateMembers
{
    /// <summary>The field or auto-property <paramref name="referenced"/> stores its value in, or null.</summary>
    public static ISymbol? StateHolder(ISymbol referenced) => referenced switch
    {
        IFieldSymbol { AssociatedSymbol: IPropertySymbol property } => property.OriginalDefinition,
        IFieldSymbol { IsConst: false } field => field.OriginalDefinition,
        IPropertySymbol property when IsAutoProperty(property) => property.OriginalDefinition,
        _ => null,
    };

    public static bool IsAutoProperty(IPropertySymbol property)
    {
        var definition = property.OriginalDefinition;
        return !definition.IsIndexer
            && definition.ContainingType.GetMembers().OfType<IFieldSymbol>()
                .Any(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, definition));
    }

    /// <summary>The non-constant fields and auto-properties a type declares, as the state they are.</summary>
    public static System.Collections.Generic.IEnumerable<ISymbol> DeclaredBy(INamedTypeSymbol type)
    {
        foreach (var member in type.GetMembers())
        {
            switch (member)
            {
                case IFieldSymbol { IsConst: false, IsImplicitlyDeclared: false } field:
                    yield return field;
                    break;
                case IPropertySymbol property when IsAutoProperty(property):
                    yield return property;
                    break;
            }
        }
    }

    public static bool IsStatic(ISymbol member) => member.IsStatic;

    /// <summary>True when the member can be reassigned after construction by its declaration alone.</summary>
    public static bool IsAssignable(ISymbol member) => member switch
    {
        IFieldSymbol field => !field.IsReadOnly && !field.IsConst,
        IPropertySymbol property => property.SetMethod is { IsInitOnly: false },
        _ => false,
    };
}
