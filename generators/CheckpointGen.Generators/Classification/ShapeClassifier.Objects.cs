using Microsoft.CodeAnalysis;

namespace CheckpointGen.Generators.Classification;

internal static partial class ShapeClassifier
{
    /// <summary>Classes, structs and interfaces that are not collections: checkpointable types, TorchSharp state, MemoryPack types.</summary>
    private static ShapeResult ClassifyObject(INamedTypeSymbol type, string name)
    {
        bool isClass = type.IsReferenceType;
        if (KnownTypes.DerivesFrom(type, KnownTypes.TorchParameter))
            return ShapeResult.Of(new ValueShape(ShapeKind.Parameter, name, default, IsReferenceType: true, IsTorchState: true));
        if (KnownTypes.DerivesFrom(type, KnownTypes.TorchTensor))
            return ShapeResult.Of(new ValueShape(ShapeKind.Tensor, name, default, IsReferenceType: true, IsTorchState: true));

        bool isModule = KnownTypes.IsTorchModule(type);
        if (KnownTypes.IsCheckpointable(type))
        {
            return isClass
                ? ShapeResult.Of(new ValueShape(ShapeKind.CheckpointableClass, name, default, IsReferenceType: true, HasFactory: CheckpointableTypeFacts.HasRestoreFactory(type), IsTorchState: isModule, HasColumns: CheckpointableTypeFacts.HasObjectColumns(type)))
                : ShapeResult.Of(new ValueShape(ShapeKind.CheckpointableStruct, name, default, HasColumns: CheckpointableTypeFacts.HasRecordColumns(type)));
        }
        if (isModule || KnownTypes.DerivesFrom(type, KnownTypes.TorchOptimizer) || KnownTypes.DerivesFrom(type, KnownTypes.TorchScheduler) || KnownTypes.DerivesFrom(type, KnownTypes.TorchGenerator))
            return ShapeResult.Of(new ValueShape(ShapeKind.Component, name, default, IsReferenceType: true, IsTorchState: true));
        if (KnownTypes.NameOf(type) == KnownTypes.CheckpointableRandom)
            return ShapeResult.Of(new ValueShape(ShapeKind.Component, name, default, IsReferenceType: true, Variant: "CheckpointableRandom"));
        if (KnownTypes.HasAttribute(type, KnownTypes.MemoryPackableAttribute))
            return ShapeResult.Of(new ValueShape(ShapeKind.MemoryPack, name, default, IsReferenceType: isClass));

        if (type.TypeKind == TypeKind.Interface)
        {
            string ns = type.ContainingNamespace?.ToDisplayString() ?? "";
            if (ns == "System.Collections" || ns == "System.Collections.Generic" || ns == "System.Collections.Immutable")
                return ShapeResult.Unsupported($"the collection interface '{type.ToDisplayString()}' does not say which collection to restore: declare the concrete type (List<T>, Dictionary<TKey, TValue>…)");
            return ShapeResult.Of(new ValueShape(ShapeKind.Polymorphic, name, default, IsReferenceType: true));
        }
        if (isClass && (type.IsAbstract || KnownTypes.Implements(type, KnownTypes.ICheckpointable) || KnownTypes.RequiresCheckpointing(type)))
            return ShapeResult.Of(new ValueShape(ShapeKind.Polymorphic, name, default, IsReferenceType: true));

        return isClass
            ? ShapeResult.Unsupported($"the class '{type.ToDisplayString()}' is neither a supported type nor [Checkpointable]: mark it [Checkpointable] (and partial), or [CheckpointIgnore] the member")
            : ShapeResult.Unsupported($"the struct '{type.ToDisplayString()}' is neither a supported type nor [Checkpointable]: mark it [Checkpointable] (and partial) or [MemoryPackable], or [CheckpointIgnore] the member");
    }
}
