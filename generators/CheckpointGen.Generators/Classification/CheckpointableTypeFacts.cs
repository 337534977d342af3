using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CheckpointGen.Generators.Classification;

/// <summary>Facts about a [Checkpointable] type that decide what the generated code looks like.</summary>
internal static class CheckpointableTypeFacts
{
    public const string StructureRestoredHook = "OnCheckpointStructureRestored";
    public const string RestoredHook = "OnCheckpointRestored";

    /// <summary>
    /// True when the generated code implements ICheckpointableFactory for the type: a non-abstract
    /// [Checkpointable] class with a parameterless constructor of any accessibility. A type from another
    /// assembly is asked directly whether it implements the interface.
    /// </summary>
    public static bool HasRestoreFactory(INamedTypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Class || type.IsAbstract || type.IsStatic) return false;
        if (type.DeclaringSyntaxReferences.Length == 0) return KnownTypes.Implements(type, KnownTypes.ICheckpointableFactory);
        return KnownTypes.IsCheckpointable(type) && type.InstanceConstructors.Any(c => c.Parameters.Length == 0);
    }

    /// <summary>
    /// True when the type implements ICheckpointableRecord (column-wise lists and arrays): the generated
    /// code does for every [Checkpointable] struct; a struct from another assembly is asked directly
    /// (one compiled by an older generator does not, and its collections stay sequences of records).
    /// </summary>
    public static bool HasRecordColumns(INamedTypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Struct) return false;
        if (type.DeclaringSyntaxReferences.Length == 0) return KnownTypes.Implements(type, KnownTypes.ICheckpointableRecord);
        return KnownTypes.IsCheckpointable(type);
    }

    /// <summary>
    /// True when the type implements ICheckpointableRows (its lists and arrays are stored column by
    /// column, each object keeping its identity): a sealed, non-abstract [Checkpointable] class with a
    /// parameterless constructor, no [Checkpointable] base and not a TorchSharp module. Sealed because
    /// every element must have exactly the columns of the element type; no base because a derived
    /// level's members would need the base's columns too; modules because their state is more than
    /// their members. A class from another assembly is asked directly (one compiled by an older
    /// generator does not implement it, and its collections stay sequences of objects). The generator
    /// emits the interface and its owners' collections use it by this one fact, so they always agree.
    /// </summary>
    public static bool HasObjectColumns(INamedTypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Class || !type.IsSealed || type.IsAbstract || type.IsStatic) return false;
        if (type.DeclaringSyntaxReferences.Length == 0) return KnownTypes.ImplementsRowsOfItself(type);
        return HasRestoreFactory(type) && CheckpointableBase(type) is null && !KnownTypes.IsTorchModule(type);
    }

    /// <summary>The nearest base class that is [Checkpointable], or null when the type is the root of its checkpoint chain.</summary>
    public static INamedTypeSymbol? CheckpointableBase(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
            if (KnownTypes.IsCheckpointable(current)) return current;
        return null;
    }

    /// <summary>True when every declaration of the type carries the partial modifier (metadata types count as not partial).</summary>
    public static bool IsPartial(INamedTypeSymbol type)
    {
        if (type.DeclaringSyntaxReferences.Length == 0) return false;
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is not TypeDeclarationSyntax declaration) return false;
            if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword)) return false;
        }
        return true;
    }

    /// <summary>
    /// True when the type itself declares a parameterless instance method of that name that is not an
    /// override (an override is reached through the base level's call, so it must not run twice).
    /// </summary>
    public static bool DeclaresHook(INamedTypeSymbol type, string name) =>
        type.GetMembers(name).OfType<IMethodSymbol>().Any(m =>
            !m.IsStatic && !m.IsOverride && m.Parameters.Length == 0 && m.TypeParameters.Length == 0 && m.MethodKind == MethodKind.Ordinary);
}
