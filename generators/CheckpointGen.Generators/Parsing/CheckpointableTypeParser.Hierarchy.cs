using System.Collections.Generic;
using System.Linq;
using System.Text;
using CheckpointGen.Generators.Classification;
using CheckpointGen.Generators.Model;
using Microsoft.CodeAnalysis;

namespace CheckpointGen.Generators.Parsing;

internal static partial class CheckpointableTypeParser
{
    private static HierarchyInfo HierarchyOf(INamedTypeSymbol type)
    {
        var containing = new List<TypeDeclarationInfo>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            containing.Insert(0, DeclarationOf(outer));
        string ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : "";
        return new HierarchyInfo(ns, containing.ToEquatableArray());
    }

    private static TypeDeclarationInfo DeclarationOf(INamedTypeSymbol type)
    {
        string keyword = type switch
        {
            { IsRecord: true, IsValueType: true } => "record struct",
            { IsRecord: true } => "record",
            { TypeKind: TypeKind.Struct } => "struct",
            { TypeKind: TypeKind.Interface } => "interface",
            _ => "class",
        };
        string parameters = type.TypeParameters.Length == 0 ? "" : "<" + string.Join(", ", type.TypeParameters.Select(p => p.Name)) + ">";
        return new TypeDeclarationInfo(keyword, type.Name + parameters);
    }

    /// <summary>The supported type arguments of every [Checkpointable] base level (an unsupported one fails clearly when its codec is used).</summary>
    private static EquatableArray<ValueShape> BaseTypeArgumentsOf(INamedTypeSymbol type, KnownSymbols known)
    {
        var shapes = new List<ValueShape>();
        for (var level = CheckpointableTypeFacts.CheckpointableBase(type, known); level is not null; level = CheckpointableTypeFacts.CheckpointableBase(level, known))
            foreach (var argument in ShapeClassifier.AllTypeArguments(level))
                if (ShapeClassifier.Classify(argument, known) is { IsSupported: true } result) shapes.Add(result.Shape!);
        return shapes.ToEquatableArray();
    }

    /// <summary>True when no level of the type is generic and each is internal or public: a module initializer may live there.</summary>
    private static bool ReachableFromModule(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.TypeParameters.Length > 0) return false;
            if (current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal)) return false;
        }
        return true;
    }

    /// <summary><c>Namespace.Outer.Name.Checkpoint.g.cs</c>; generic types get their parameters in braces (<c>Buffer{T}</c>).</summary>
    private static string HintNameOf(INamedTypeSymbol type)
    {
        var builder = new StringBuilder();
        var names = new List<string>();
        for (var current = type; current is not null; current = current.ContainingType)
            names.Insert(0, current.TypeParameters.Length == 0 ? current.Name : current.Name + "{" + string.Join(",", current.TypeParameters.Select(p => p.Name)) + "}");
        if (type.ContainingNamespace is { IsGlobalNamespace: false } ns) builder.Append(ns.ToDisplayString()).Append('.');
        builder.Append(string.Join(".", names)).Append(".Checkpoint.g.cs");
        return builder.ToString();
    }
}
