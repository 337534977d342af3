using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CheckpointGen.Generators.Classification;

/// <summary>Facts about a [Checkpointable] type that decide what the generated code looks like.</summary>
internal static class CheckpointableTypeFacts
{
    /// <summary>
    /// True when the type has checkpoint code: a type from another assembly implements ICheckpointable;
    /// a [Checkpointable] type in source gets generated code when it can (see <see cref="CanCarryCode"/>)
    /// and its members classify, which for a member of a [Checkpointable] struct needs that struct's
    /// code in turn. The structs reached that way are checked as one closure (they may refer to each
    /// other through collections), so a cycle never assumes what it is deciding. Code that uses a
    /// type's generated interfaces asks this first, so it never refers to code that was not generated.
    /// A derived class needs its [Checkpointable] base level's code too.
    /// </summary>
    public static bool GetsGeneratedCode(INamedTypeSymbol type, KnownSymbols known)
    {
        var definition = type.OriginalDefinition;
        if (definition.DeclaringSyntaxReferences.Length == 0) return KnownSymbols.Implements(definition, known.ICheckpointable);
        if (known.GeneratedCode.TryGetValue(definition, out bool cached)) return cached;

        bool result = true;
        var seen = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default) { definition };
        var pending = new Stack<INamedTypeSymbol>();
        pending.Push(definition);
        while (result && pending.Count > 0)
        {
            var next = pending.Pop();
            var structs = new List<INamedTypeSymbol>();
            result = known.IsCheckpointable(next) && CanCarryCode(next) && MemberClassifier.ClassifyAssumingCode(next, known, structs).IsValid;
            // A derived level's code calls its [Checkpointable] base level's.
            if (CheckpointableBase(next, known) is { } baseType)
            {
                if (baseType.OriginalDefinition.DeclaringSyntaxReferences.Length == 0) result &= KnownSymbols.Implements(baseType, known.ICheckpointable);
                else structs.Add(baseType.OriginalDefinition);
            }
            foreach (var dependency in structs)
                if (seen.Add(dependency)) pending.Push(dependency);
        }
        known.GeneratedCode.TryAdd(definition, result);
        return result;
    }

    /// <summary>
    /// A class or struct, not static, not a ref struct (it cannot implement the interfaces), not
    /// file-local, declared partial with every type containing it.
    /// </summary>
    public static bool CanCarryCode(INamedTypeSymbol type)
    {
        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || type.IsStatic || type.IsRefLikeType) return false;
        for (var current = type; current is not null; current = current.ContainingType)
            if (!IsPartial(current) || current.IsFileLocal) return false;
        return true;
    }

    /// <summary>
    /// True when the type implements ICheckpointableFactory: a non-abstract class with code and a
    /// parameterless constructor of any accessibility that <c>new T()</c> can call (one that sets the
    /// required members when there are any). A type from another assembly is asked directly.
    /// </summary>
    public static bool HasRestoreFactory(INamedTypeSymbol type, KnownSymbols known)
    {
        if (type.TypeKind != TypeKind.Class || type.IsAbstract || type.IsStatic) return false;
        if (type.OriginalDefinition.DeclaringSyntaxReferences.Length == 0) return KnownSymbols.Implements(type, known.ICheckpointableFactory);
        if (!GetsGeneratedCode(type, known)) return false;
        bool hasRequired = HasRequiredMembers(type);
        return type.InstanceConstructors.Any(c => c.Parameters.Length == 0 && (!hasRequired || SetsRequiredMembers(c, known)));
    }

    private static bool HasRequiredMembers(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
            foreach (var member in current.GetMembers())
                if (member is IFieldSymbol { IsRequired: true } or IPropertySymbol { IsRequired: true }) return true;
        return false;
    }

    private static bool SetsRequiredMembers(IMethodSymbol constructor, KnownSymbols known) =>
        known.SetsRequiredMembersAttribute is { } attribute
        && constructor.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute));

    /// <summary>
    /// True when the type implements ICheckpointableRecord (column-wise lists and arrays): the generated
    /// code does for every [Checkpointable] struct; a struct from another assembly is asked directly
    /// (one compiled by an older generator does not, and its collections stay sequences of records).
    /// </summary>
    public static bool HasRecordColumns(INamedTypeSymbol type, KnownSymbols known)
    {
        if (type.TypeKind != TypeKind.Struct) return false;
        if (type.OriginalDefinition.DeclaringSyntaxReferences.Length == 0) return KnownSymbols.Implements(type, known.ICheckpointableRecord);
        return GetsGeneratedCode(type, known);
    }

    /// <summary>
    /// True when the type implements ICheckpointableRows (its lists and arrays are stored as object
    /// columns, docs/format.md): a non-abstract [Checkpointable] class with a parameterless constructor,
    /// no [Checkpointable] base and not a TorchSharp module (a derived level's members would need the
    /// base's columns; a module's state is more than its members). Sealed or not: only objects of exactly
    /// the class become rows. A class from another assembly is asked directly. The generator emits the
    /// interface and its owners' collections use it by this one fact, so they always agree.
    /// </summary>
    public static bool HasObjectColumns(INamedTypeSymbol type, KnownSymbols known)
    {
        if (type.TypeKind != TypeKind.Class || type.IsAbstract || type.IsStatic) return false;
        if (type.OriginalDefinition.DeclaringSyntaxReferences.Length == 0) return known.ImplementsRowsOfItself(type);
        return HasRestoreFactory(type, known) && CheckpointableBase(type, known) is null && !known.IsTorchModule(type);
    }

    /// <summary>The nearest base class that is [Checkpointable], or null when the type is the root of its checkpoint chain.</summary>
    public static INamedTypeSymbol? CheckpointableBase(INamedTypeSymbol type, KnownSymbols known)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
            if (known.IsCheckpointable(current)) return current;
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
}
