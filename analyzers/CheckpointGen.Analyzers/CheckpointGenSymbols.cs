using System.Linq;
using Microsoft.CodeAnalysis;

namespace CheckpointGen.Analyzers;

/// <summary>
/// The CheckpointGen attribute types of one compilation, resolved once at compilation start.
/// A compilation that does not reference CheckpointGen has none of them and gets no diagnostics.
/// </summary>
internal sealed class CheckpointGenSymbols
{
    public const string CheckpointableName = "CheckpointGen.CheckpointableAttribute";
    public const string RequiresCheckpointingName = "CheckpointGen.RequiresCheckpointingAttribute";
    public const string CheckpointIgnoreName = "CheckpointGen.CheckpointIgnoreAttribute";
    public const string CheckpointKeyName = "CheckpointGen.CheckpointKeyAttribute";
    public const string ICheckpointableName = "CheckpointGen.ICheckpointable";

    private CheckpointGenSymbols(INamedTypeSymbol checkpointable, INamedTypeSymbol requiresCheckpointing, INamedTypeSymbol ignore, INamedTypeSymbol key, INamedTypeSymbol? checkpointableInterface)
    {
        CheckpointableInterface = checkpointableInterface;
        Checkpointable = checkpointable;
        RequiresCheckpointing = requiresCheckpointing;
        Ignore = ignore;
        Key = key;
    }

    public INamedTypeSymbol Checkpointable { get; }
    public INamedTypeSymbol RequiresCheckpointing { get; }
    public INamedTypeSymbol Ignore { get; }
    public INamedTypeSymbol Key { get; }
    public INamedTypeSymbol? CheckpointableInterface { get; }

    public static CheckpointGenSymbols? TryCreate(Compilation compilation)
    {
        var checkpointable = compilation.GetTypeByMetadataName(CheckpointableName);
        var requires = compilation.GetTypeByMetadataName(RequiresCheckpointingName);
        var ignore = compilation.GetTypeByMetadataName(CheckpointIgnoreName);
        var key = compilation.GetTypeByMetadataName(CheckpointKeyName);
        return checkpointable is null || requires is null || ignore is null || key is null
            ? null
            : new CheckpointGenSymbols(checkpointable, requires, ignore, key, compilation.GetTypeByMetadataName(ICheckpointableName));
    }

    public bool IsCheckpointable(INamedTypeSymbol type) => HasAttribute(type.OriginalDefinition, Checkpointable);

    public bool IsIgnored(ISymbol member) => HasAttribute(member, Ignore);

    public AttributeData? KeyAttribute(ISymbol member) =>
        member.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, Key));

    public AttributeData? IgnoreAttribute(ISymbol member) =>
        member.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, Ignore));

    /// <summary>
    /// True when the type's own members are saved: it is [Checkpointable], or it implements
    /// ICheckpointable by hand itself (inheriting the implementation saves only the base's members).
    /// </summary>
    public bool SavesItself(INamedTypeSymbol type) =>
        IsCheckpointable(type)
        || CheckpointableInterface is not null && type.OriginalDefinition.Interfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, CheckpointableInterface));

    /// <summary>
    /// The [RequiresCheckpointing] contract <paramref name="type"/> fulfils, if any: the type itself,
    /// a base class, or an interface it implements (directly or through a base or another interface).
    /// </summary>
    public INamedTypeSymbol? RequiredContract(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (HasAttribute(current.OriginalDefinition, RequiresCheckpointing)) return current;
        }
        foreach (var contract in type.AllInterfaces)
        {
            if (HasAttribute(contract.OriginalDefinition, RequiresCheckpointing)) return contract;
        }
        return null;
    }

    private static bool HasAttribute(ISymbol symbol, INamedTypeSymbol attribute) =>
        symbol.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute));
}
