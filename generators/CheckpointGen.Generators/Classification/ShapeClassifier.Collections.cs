using Microsoft.CodeAnalysis;

namespace CheckpointGen.Generators.Classification;

internal static partial class ShapeClassifier
{
    /// <summary>Collections, immutable collections, System.Tuple and KeyValuePair; null when the type is none of them.</summary>
    private static ShapeResult? ClassifyGeneric(INamedTypeSymbol type, string name)
    {
        if (!type.IsGenericType) return null;
        var arguments = type.TypeArguments;
        string definition = KnownTypes.NameOf(type);
        string simple = type.Name;
        switch (definition)
        {
            case "System.Collections.Generic.List":
                return WithArguments(ShapeKind.List, name, arguments, isReference: true);
            case "System.Collections.Generic.HashSet":
            case "System.Collections.Generic.SortedSet":
                return WithArguments(ShapeKind.Set, name, arguments, isReference: true, simple);
            case "System.Collections.Generic.LinkedList":
                return WithArguments(ShapeKind.LinkedList, name, arguments, isReference: true);
            case "System.Collections.Generic.Queue":
                return WithArguments(ShapeKind.Queue, name, arguments, isReference: true);
            case "System.Collections.Generic.Stack":
                return WithArguments(ShapeKind.Stack, name, arguments, isReference: true);
            case "System.Collections.Generic.Dictionary":
            case "System.Collections.Generic.SortedDictionary":
            case "System.Collections.Generic.SortedList":
                return WithArguments(ShapeKind.Map, name, arguments, isReference: true, simple);
            case "System.Collections.Generic.KeyValuePair":
                return WithArguments(ShapeKind.KeyValuePair, name, arguments, isReference: false);
            case "System.Collections.Immutable.ImmutableArray":
                return WithArguments(ShapeKind.ImmutableArray, name, arguments, isReference: false);
            case "System.Collections.Immutable.ImmutableList":
            case "System.Collections.Immutable.ImmutableHashSet":
            case "System.Collections.Immutable.ImmutableSortedSet":
                return WithArguments(ShapeKind.ImmutableSequence, name, arguments, isReference: true, simple);
            case "System.Collections.Immutable.ImmutableQueue":
            case "System.Collections.Immutable.ImmutableStack":
                return WithArguments(ShapeKind.ImmutableQueueOrStack, name, arguments, isReference: true, simple);
            case "System.Collections.Immutable.ImmutableDictionary":
            case "System.Collections.Immutable.ImmutableSortedDictionary":
                return WithArguments(ShapeKind.ImmutableMap, name, arguments, isReference: true, simple);
            case "System.Tuple":
                if (arguments.Length > 7) return ShapeResult.Unsupported("tuples of more than 7 items are not supported: use a [Checkpointable] class");
                return WithArguments(ShapeKind.Tuple, name, arguments, isReference: true);
        }
        return null;
    }
}
