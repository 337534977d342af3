using CheckpointGen.Generators.Classification;
using Microsoft.CodeAnalysis;

namespace CheckpointGen.Analyzers;

/// <summary>
/// Finds, inside a member's type (itself, its element type or type arguments), the class or
/// struct declared in this compilation that makes it unsupported and that [Checkpointable] would fix.
/// </summary>
internal static class MarkableTypes
{
    public static INamedTypeSymbol? FirstUnsupportedSourceType(ITypeSymbol type, KnownSymbols symbols)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return FirstUnsupportedSourceType(array.ElementType, symbols);
            case INamedTypeSymbol named:
                foreach (var argument in named.TypeArguments)
                {
                    if (FirstUnsupportedSourceType(argument, symbols) is { } inArgument) return inArgument;
                }
                var definition = named.OriginalDefinition;
                bool markable = definition.TypeKind is TypeKind.Class or TypeKind.Struct
                    && !definition.IsStatic
                    && TypeDeclarations.IsInSource(definition)
                    && !symbols.IsCheckpointable(definition)
                    && !definition.IsRefLikeType
                    && !symbols.IsStream(definition)
                    && !symbols.IsPendingWork(definition)
                    && !ShapeClassifier.Classify(named, symbols).IsSupported;
                return markable ? definition : null;
            default:
                return null;
        }
    }
}
