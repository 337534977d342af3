using System.Linq;
using Microsoft.CodeAnalysis;

namespace CheckpointGen.Generators.Classification;

internal sealed partial class KnownSymbols
{
    /// <summary>True when the compilation references the CheckpointGen runtime (its attributes resolve).</summary>
    public bool HasRuntime => CheckpointableAttribute is not null && CheckpointIgnoreAttribute is not null && CheckpointKeyAttribute is not null && RequiresCheckpointingAttribute is not null;

    public bool IsCheckpointable(ITypeSymbol type) => HasAttribute(type.OriginalDefinition, CheckpointableAttribute);

    public bool IsIgnored(ISymbol member) => HasAttribute(member, CheckpointIgnoreAttribute);

    public AttributeData? KeyAttribute(ISymbol member) => AttributeOf(member, CheckpointKeyAttribute);

    public AttributeData? IgnoreAttribute(ISymbol member) => AttributeOf(member, CheckpointIgnoreAttribute);

    public AttributeData? ConfigurationAttribute(ISymbol member) => AttributeOf(member, CheckpointConfigurationAttribute);

    public bool IsTorchModule(ITypeSymbol type) => DerivesFrom(type, TorchModule);

    /// <summary>True when <paramref name="type"/> is the type <paramref name="known"/> (any construction of it).</summary>
    public static bool Is(ITypeSymbol type, INamedTypeSymbol? known) =>
        known is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, known);

    /// <summary>True when <paramref name="type"/> or one of its base classes is <paramref name="baseType"/>.</summary>
    public static bool DerivesFrom(ITypeSymbol type, INamedTypeSymbol? baseType)
    {
        if (baseType is null) return false;
        for (var current = type; current is not null; current = current.BaseType)
            if (Is(current, baseType)) return true;
        return false;
    }

    /// <summary>True when the type implements <paramref name="contract"/> (any construction of it, at any level).</summary>
    public static bool Implements(ITypeSymbol type, INamedTypeSymbol? contract) =>
        contract is not null && type.AllInterfaces.Any(i => Is(i, contract));

    /// <summary>
    /// True when the type implements ICheckpointableRows of itself (the generated code's
    /// WriteObjectColumns&lt;T&gt; needs <c>T : ICheckpointableRows&lt;T&gt;</c>; rows of another type do not do).
    /// </summary>
    public bool ImplementsRowsOfItself(INamedTypeSymbol type) =>
        type.AllInterfaces.Any(i => Is(i, ICheckpointableRows) && i.TypeArguments.Length == 1 && SymbolEqualityComparer.Default.Equals(i.TypeArguments[0], type));

    public static bool HasAttribute(ISymbol symbol, INamedTypeSymbol? attribute) => AttributeOf(symbol, attribute) is not null;

    private static AttributeData? AttributeOf(ISymbol symbol, INamedTypeSymbol? attribute)
    {
        if (attribute is null) return null;
        foreach (var data in symbol.GetAttributes())
            if (data.AttributeClass is { } cls && SymbolEqualityComparer.Default.Equals(cls.OriginalDefinition, attribute)) return data;
        return null;
    }

    /// <summary>True when the type or one of its base classes carries [RequiresCheckpointing].</summary>
    public bool RequiresCheckpointing(ITypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
            if (HasAttribute(current.OriginalDefinition, RequiresCheckpointingAttribute)) return true;
        return false;
    }

    /// <summary>
    /// The [RequiresCheckpointing] contract <paramref name="type"/> fulfils, if any: the type itself,
    /// a base class, or an interface it implements (directly or through a base or another interface).
    /// </summary>
    public INamedTypeSymbol? RequiredContract(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
            if (HasAttribute(current.OriginalDefinition, RequiresCheckpointingAttribute)) return current;
        foreach (var contract in type.AllInterfaces)
            if (HasAttribute(contract.OriginalDefinition, RequiresCheckpointingAttribute)) return contract;
        return null;
    }

    /// <summary>
    /// True when the type's own members are saved: it is [Checkpointable], or it implements
    /// ICheckpointable by hand itself (inheriting the implementation saves only the base's members).
    /// </summary>
    public bool SavesItself(INamedTypeSymbol type) =>
        IsCheckpointable(type) || ICheckpointable is not null && type.OriginalDefinition.Interfaces.Any(i => Is(i, ICheckpointable));
}
