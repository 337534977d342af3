using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace CheckpointGen.Generators.Classification;

internal static partial class ShapeClassifier
{
    /// <summary>Classes, structs and interfaces that are not collections: checkpointable types, TorchSharp state, MemoryPack types.</summary>
    private static ShapeResult ClassifyObject(INamedTypeSymbol type, string name, Scope scope)
    {
        var known = scope.Known;
        bool isClass = type.IsReferenceType;
        if (KnownSymbols.DerivesFrom(type, known.TorchParameter))
            return ShapeResult.Of(new ValueShape(ShapeKind.Parameter, name, default, IsReferenceType: true, IsTorchState: true));
        if (KnownSymbols.DerivesFrom(type, known.TorchTensor))
            return ShapeResult.Of(new ValueShape(ShapeKind.Tensor, name, default, IsReferenceType: true, IsTorchState: true));

        bool isModule = known.IsTorchModule(type);
        if (known.IsCheckpointable(type)) return ClassifyCheckpointable(type, name, isModule, scope);
        if (isModule || KnownSymbols.DerivesFrom(type, known.TorchOptimizer) || KnownSymbols.DerivesFrom(type, known.TorchScheduler) || KnownSymbols.DerivesFrom(type, known.TorchGenerator))
            return ShapeResult.Of(new ValueShape(ShapeKind.Component, name, default, IsReferenceType: true, IsTorchState: true));
        if (KnownSymbols.Is(type, known.CheckpointableRandom))
            return ShapeResult.Of(new ValueShape(ShapeKind.Component, name, default, IsReferenceType: true, Variant: "CheckpointableRandom"));
        if (KnownSymbols.HasAttribute(type.OriginalDefinition, known.MemoryPackableAttribute))
            return ShapeResult.Of(new ValueShape(ShapeKind.MemoryPack, name, default, IsReferenceType: isClass));

        if (type.TypeKind == TypeKind.Interface)
        {
            string ns = type.ContainingNamespace?.ToDisplayString() ?? "";
            if (ns == "System.Collections" || ns == "System.Collections.Generic" || ns == "System.Collections.Immutable")
                return ShapeResult.Unsupported($"the collection interface '{type.ToDisplayString()}' does not say which collection to restore: declare the concrete type (List<T>, Dictionary<TKey, TValue>…)");
            return ShapeResult.Of(new ValueShape(ShapeKind.Polymorphic, name, default, IsReferenceType: true));
        }
        if (isClass && (type.IsAbstract || KnownSymbols.Implements(type, known.ICheckpointable) || known.RequiresCheckpointing(type)))
            return ShapeResult.Of(new ValueShape(ShapeKind.Polymorphic, name, default, IsReferenceType: true));

        return isClass
            ? ShapeResult.Unsupported($"the class '{type.ToDisplayString()}' is neither a supported type nor [Checkpointable]: mark it [Checkpointable] (and partial), or [CheckpointIgnore] the member")
            : ShapeResult.Unsupported($"the struct '{type.ToDisplayString()}' is neither a supported type nor [Checkpointable]: mark it [Checkpointable] (and partial) or [MemoryPackable], or [CheckpointIgnore] the member");
    }

    /// <summary>
    /// A [Checkpointable] class is its own component and a struct an inline record; a generic one also
    /// carries the shapes of its type arguments (each must be supported: its values are saved through
    /// them). A class whose own declaration has errors gets no code and is restored like an interface
    /// (its errors are what the user sees); a struct cannot be, so the member waits for those errors.
    /// </summary>
    private static ShapeResult ClassifyCheckpointable(INamedTypeSymbol type, string name, bool isModule, Scope scope)
    {
        var known = scope.Known;
        var arguments = new List<ValueShape>();
        foreach (var argument in AllTypeArguments(type))
        {
            var result = Classify(argument, scope);
            if (result.IsSupported) { arguments.Add(result.Shape!); continue; }
            if (result.Problem.IsReportedElsewhere()) return result;
            return ShapeResult.Unsupported($"'{argument.ToDisplayString()}' cannot be a type argument of '{type.OriginalDefinition.ToDisplayString()}', whose values are saved: {result.Reason}", result.Problem);
        }

        bool isClass = type.IsReferenceType;
        if (!isClass && scope.AssumedStructs is { } structs && type.OriginalDefinition.DeclaringSyntaxReferences.Length > 0) structs.Add(type.OriginalDefinition);
        bool getsCode = scope.AssumedStructs is not null || CheckpointableTypeFacts.GetsGeneratedCode(type, known);
        if (!getsCode)
        {
            return isClass
                ? ShapeResult.Of(new ValueShape(ShapeKind.Polymorphic, name, default, IsReferenceType: true))
                : ShapeResult.Unsupported($"the [Checkpointable] struct '{type.ToDisplayString()}' gets no checkpoint code until its own errors are fixed", ProblemKind.TypeWithErrors);
        }
        bool assumed = scope.AssumedStructs is not null;
        return isClass
            ? ShapeResult.Of(new ValueShape(ShapeKind.CheckpointableClass, name, arguments.ToEquatableArray(), IsReferenceType: true,
                HasFactory: !assumed && CheckpointableTypeFacts.HasRestoreFactory(type, known), IsTorchState: isModule,
                HasColumns: !assumed && CheckpointableTypeFacts.HasObjectColumns(type, known)))
            : ShapeResult.Of(new ValueShape(ShapeKind.CheckpointableStruct, name, arguments.ToEquatableArray(),
                HasColumns: !assumed && CheckpointableTypeFacts.HasRecordColumns(type, known)));
    }

    /// <summary>The type arguments of the type and of the types containing it, outermost first (a nested type's code sees them all).</summary>
    public static IEnumerable<ITypeSymbol> AllTypeArguments(INamedTypeSymbol type)
    {
        var chain = new List<INamedTypeSymbol>();
        for (var current = type; current is not null; current = current.ContainingType) chain.Insert(0, current);
        foreach (var level in chain)
        foreach (var argument in level.TypeArguments)
            yield return argument;
    }
}
