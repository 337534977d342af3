using Microsoft.CodeAnalysis;

namespace CheckpointGen.Generators.Classification;

/// <summary>
/// Recognises library types by name (namespace and containing types, no generic arguments), so the
/// classification needs no Compilation and works the same in the generator and the analyzer.
/// </summary>
internal static class KnownTypes
{
    public const string CheckpointableAttribute = "CheckpointGen.CheckpointableAttribute";
    public const string CheckpointIgnoreAttribute = "CheckpointGen.CheckpointIgnoreAttribute";
    public const string CheckpointKeyAttribute = "CheckpointGen.CheckpointKeyAttribute";
    public const string RequiresCheckpointingAttribute = "CheckpointGen.RequiresCheckpointingAttribute";
    public const string ICheckpointable = "CheckpointGen.ICheckpointable";
    public const string ICheckpointableFactory = "CheckpointGen.ICheckpointableFactory";
    public const string ICheckpointableRecord = "CheckpointGen.ICheckpointableRecord";
    public const string ICheckpointableRows = "CheckpointGen.ICheckpointableRows";
    public const string CheckpointableRandom = "CheckpointGen.Randomness.CheckpointableRandom";
    public const string MemoryPackableAttribute = "MemoryPack.MemoryPackableAttribute";

    public const string TorchTensor = "TorchSharp.torch.Tensor";
    public const string TorchParameter = "TorchSharp.Modules.Parameter";
    public const string TorchModule = "TorchSharp.torch.nn.Module";
    public const string TorchOptimizer = "TorchSharp.torch.optim.Optimizer";
    public const string TorchScheduler = "TorchSharp.torch.optim.lr_scheduler.LRScheduler";
    public const string TorchGenerator = "TorchSharp.torch.Generator";

    private static readonly SymbolDisplayFormat NameFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.None);

    /// <summary>Fully qualified C# source name with <c>global::</c> and nullable annotations.</summary>
    public static readonly SymbolDisplayFormat SourceFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>"Namespace.Outer.Name" without generic arguments.</summary>
    public static string NameOf(ITypeSymbol type) => type.OriginalDefinition.ToDisplayString(NameFormat);

    /// <summary>True when <paramref name="type"/> or one of its base classes has the name <paramref name="name"/>.</summary>
    public static bool DerivesFrom(ITypeSymbol type, string name)
    {
        for (var current = type; current is not null; current = current.BaseType)
            if (NameOf(current) == name) return true;
        return false;
    }

    /// <summary>True when the type implements an interface of that name (at any level).</summary>
    public static bool Implements(ITypeSymbol type, string interfaceName)
    {
        foreach (var candidate in type.AllInterfaces)
            if (NameOf(candidate) == interfaceName) return true;
        return false;
    }

    /// <summary>
    /// True when the type implements ICheckpointableRows of itself (the generated code's
    /// WriteObjectColumns&lt;T&gt; needs <c>T : ICheckpointableRows&lt;T&gt;</c>; rows of another type do not do).
    /// </summary>
    public static bool ImplementsRowsOfItself(INamedTypeSymbol type)
    {
        foreach (var candidate in type.AllInterfaces)
            if (NameOf(candidate) == ICheckpointableRows && candidate.TypeArguments.Length == 1 && SymbolEqualityComparer.Default.Equals(candidate.TypeArguments[0], type))
                return true;
        return false;
    }

    public static bool HasAttribute(ISymbol symbol, string attributeName)
    {
        foreach (var attribute in symbol.GetAttributes())
            if (attribute.AttributeClass is { } cls && NameOf(cls) == attributeName) return true;
        return false;
    }

    /// <summary>True when the type or one of its bases carries [RequiresCheckpointing].</summary>
    public static bool RequiresCheckpointing(ITypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
            if (HasAttribute(current, RequiresCheckpointingAttribute)) return true;
        return false;
    }

    public static bool IsCheckpointable(ITypeSymbol type) => HasAttribute(type, CheckpointableAttribute);

    public static bool IsTorchModule(ITypeSymbol type) => DerivesFrom(type, TorchModule);
}
