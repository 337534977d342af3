using Microsoft.CodeAnalysis;

namespace CheckpointGen.Generators.Classification;

internal static partial class ShapeClassifier
{
    /// <summary>Collections, immutable collections, System.Tuple and KeyValuePair (<see cref="KnownSymbols.CollectionKind"/>).</summary>
    private static ShapeResult ClassifyCollection(INamedTypeSymbol type, string name, ShapeKind kind, string variant, Scope scope)
    {
        if (kind == ShapeKind.Tuple && type.TypeArguments.Length > 7)
            return ShapeResult.Unsupported("tuples of more than 7 items are not supported: use a [Checkpointable] class");
        bool isReference = kind is not (ShapeKind.KeyValuePair or ShapeKind.ImmutableArray);
        return WithArguments(kind, name, type.TypeArguments, isReference, scope, variant);
    }
}
