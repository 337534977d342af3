using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace CheckpointGen.Generators.Classification;

/// <summary>Why a [Checkpointable] type cannot receive generated code (CKPT0001 for <see cref="NotPartial"/>, CKPT0010 for the rest).</summary>
internal enum CodeObstacle
{
    /// <summary>The generator can add its partial declaration.</summary>
    None,
    /// <summary>Neither a class nor a struct.</summary>
    NotClassOrStruct,
    /// <summary>The type or a type containing it is not partial.</summary>
    NotPartial,
    /// <summary>A static class: no instance, no state to save.</summary>
    Static,
    /// <summary>A ref struct: it cannot implement interfaces or be boxed as a component.</summary>
    RefStruct,
    /// <summary>The type or a type containing it is file-local: a partial declaration in another file is another type.</summary>
    FileLocal,
    /// <summary>The type declares or inherits a member named as one the generated code declares.</summary>
    ReservedName,
}

/// <summary>Finds what keeps the generator from adding its partial declaration to a type.</summary>
internal static class CodeObstacles
{
    /// <summary>The first obstacle, and the symbol it lies in (a containing type, a member), or None.</summary>
    public static CodeObstacle Of(INamedTypeSymbol type, KnownSymbols known, out ISymbol? culprit)
    {
        culprit = type;
        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct)) return CodeObstacle.NotClassOrStruct;
        if (type.IsStatic) return CodeObstacle.Static;
        if (type.IsRefLikeType) return CodeObstacle.RefStruct;
        for (var current = type; current is not null; current = current.ContainingType)
        {
            culprit = current;
            if (current.IsFileLocal) return CodeObstacle.FileLocal;
        }
        for (var current = type; current is not null; current = current.ContainingType)
        {
            culprit = current;
            if (!CheckpointableTypeFacts.IsPartial(current)) return CodeObstacle.NotPartial;
        }
        foreach (var member in ReservedNameConflicts(type, known))
        {
            culprit = member;
            return CodeObstacle.ReservedName;
        }
        culprit = null;
        return CodeObstacle.None;
    }

    /// <summary>
    /// The members that clash with the generated ones: those of the type itself named as a generated
    /// member (an overload of the member methods with other parameters is no clash), then the non-private
    /// ones of the base classes below the nearest [Checkpointable] base, which the generated members would
    /// hide or fail to override.
    /// </summary>
    public static IEnumerable<ISymbol> ReservedNameConflicts(INamedTypeSymbol type, KnownSymbols known)
    {
        foreach (var member in type.GetMembers())
            if (!member.IsImplicitlyDeclared && Clashes(member, known)) yield return member;
        for (var level = type.BaseType; level is not null && !known.IsCheckpointable(level); level = level.BaseType)
            foreach (var member in level.GetMembers())
                if (member.DeclaredAccessibility != Accessibility.Private && !member.IsImplicitlyDeclared && Clashes(member, known)) yield return member;
    }

    private static bool Clashes(ISymbol member, KnownSymbols known)
    {
        if (!GeneratedMemberNames.IsReserved(member.Name)) return false;
        if (member is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method) return member is not IMethodSymbol;
        return member.Name switch
        {
            GeneratedMemberNames.WriteMembers => HasOnlyParameter(method, known.CheckpointWriter),
            GeneratedMemberNames.ReadMembers => HasOnlyParameter(method, known.CheckpointReader),
            _ => true,
        };
    }

    private static bool HasOnlyParameter(IMethodSymbol method, INamedTypeSymbol? parameterType) =>
        method.TypeParameters.Length == 0 && method.Parameters.Length == 1
        && SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, parameterType);
}
