using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace CheckpointGen.Generators.Classification;

/// <summary>
/// Decides how a value of a given type is checkpointed (its <see cref="ValueShape"/>), or why it
/// cannot be. A pure function of the type symbol and the compilation's <see cref="KnownSymbols"/>:
/// the generator and the analyzer both call it.
/// </summary>
internal static partial class ShapeClassifier
{
    /// <summary>Fully qualified C# source name with <c>global::</c> and nullable annotations.</summary>
    private static readonly SymbolDisplayFormat SourceFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static ShapeResult Classify(ITypeSymbol type, KnownSymbols known) => Classify(type, new Scope(known, null));

    /// <summary>
    /// Classifies as if every [Checkpointable] type it meets gets generated code, listing the source
    /// structs met in <paramref name="structs"/>: whether a type gets code depends on those structs
    /// in turn (<see cref="CheckpointableTypeFacts.GetsGeneratedCode"/>).
    /// </summary>
    internal static ShapeResult ClassifyAssumingCode(ITypeSymbol type, KnownSymbols known, List<INamedTypeSymbol> structs) =>
        Classify(type, new Scope(known, structs));

    private static ShapeResult Classify(ITypeSymbol type, Scope scope)
    {
        var known = scope.Known;
        string name = type.ToDisplayString(SourceFormat);
        bool isReference = type.IsReferenceType;

        if (type.TypeKind == TypeKind.Error)
            return ShapeResult.Unsupported($"the type '{type.ToDisplayString()}' could not be resolved", ProblemKind.UnresolvedType);
        if (Unsupported(type, known) is { } reason)
            return ShapeResult.Unsupported(reason, KnownSymbols.Is(type, known.SystemRandom) ? ProblemKind.SystemRandom : ProblemKind.UnsupportedType);
        if (type is ITypeParameterSymbol parameter) return ClassifyTypeParameter(parameter, name, known);
        if (ScalarSuffix(type, known) is { } suffix) return ShapeResult.Of(new ValueShape(ShapeKind.Scalar, name, default, suffix, IsReferenceType: isReference));
        if (type.TypeKind == TypeKind.Enum && type is INamedTypeSymbol { EnumUnderlyingType: { } underlying })
            return ShapeResult.Of(new ValueShape(ShapeKind.Enum, name, default, ScalarSuffix(underlying, known)!));
        if (type is IArrayTypeSymbol array) return ClassifyArray(array, name, scope);
        if (type is INamedTypeSymbol named)
        {
            if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
                return WithArguments(ShapeKind.Nullable, name, named.TypeArguments, isReference: false, scope);
            if (named.IsTupleType) return ClassifyValueTuple(named, name, scope);
            if (named.IsGenericType && known.CollectionKind(named.OriginalDefinition) is { } collection)
                return ClassifyCollection(named, name, collection.Kind, collection.Variant, scope);
            return ClassifyObject(named, name, scope);
        }
        return ShapeResult.Unsupported($"'{type.ToDisplayString()}' is not a type CheckpointGen can save");
    }

    private static string? ScalarSuffix(ITypeSymbol type, KnownSymbols known)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean: return "Boolean";
            case SpecialType.System_SByte: return "SByte";
            case SpecialType.System_Byte: return "Byte";
            case SpecialType.System_Int16: return "Int16";
            case SpecialType.System_UInt16: return "UInt16";
            case SpecialType.System_Int32: return "Int32";
            case SpecialType.System_UInt32: return "UInt32";
            case SpecialType.System_Int64: return "Int64";
            case SpecialType.System_UInt64: return "UInt64";
            case SpecialType.System_Single: return "Single";
            case SpecialType.System_Double: return "Double";
            case SpecialType.System_Decimal: return "Decimal";
            case SpecialType.System_Char: return "Char";
            case SpecialType.System_String: return "String";
            case SpecialType.System_DateTime: return "DateTime";
        }
        if (type is not INamedTypeSymbol) return null;
        if (KnownSymbols.Is(type, known.DateTimeOffset)) return "DateTimeOffset";
        if (KnownSymbols.Is(type, known.TimeSpan)) return "TimeSpan";
        if (KnownSymbols.Is(type, known.Guid)) return "Guid";
        if (KnownSymbols.Is(type, known.Half)) return "Half";
        return null;
    }

    /// <summary>
    /// A type parameter constrained to checkpointable classes or structs keeps the shape it always had
    /// (objects restored through the constraint); any other is written through the codec the runtime
    /// resolves once per closed type, so a generic type can hold values of any supported type.
    /// </summary>
    private static ShapeResult ClassifyTypeParameter(ITypeParameterSymbol parameter, string name, KnownSymbols known)
    {
        bool checkpointable = false, creatable = false;
        foreach (var constraint in parameter.ConstraintTypes)
        {
            if (KnownSymbols.Is(constraint, known.ICheckpointableFactory)) creatable = true;
            if (KnownSymbols.Is(constraint, known.ICheckpointable) || KnownSymbols.Implements(constraint, known.ICheckpointable) || known.IsCheckpointable(constraint))
                checkpointable = true;
        }
        if (checkpointable && creatable && parameter.HasReferenceTypeConstraint)
            return ShapeResult.Of(new ValueShape(ShapeKind.CheckpointableClass, name, default, IsReferenceType: true, HasFactory: true));
        if (checkpointable && parameter.HasValueTypeConstraint)
            return ShapeResult.Of(new ValueShape(ShapeKind.CheckpointableStruct, name, default));
        if (checkpointable && parameter.HasReferenceTypeConstraint)
            return ShapeResult.Of(new ValueShape(ShapeKind.Polymorphic, name, default, IsReferenceType: true));
        return ShapeResult.Of(new ValueShape(ShapeKind.TypeParameter, name, default, IsReferenceType: !parameter.HasValueTypeConstraint));
    }

    private static ShapeResult ClassifyArray(IArrayTypeSymbol array, string name, Scope scope)
    {
        if (array.Rank == 1) return WithArguments(ShapeKind.Array, name, new[] { array.ElementType }, isReference: true, scope);
        if (array.ElementType is IArrayTypeSymbol)
            return ShapeResult.Unsupported("a multi-dimensional array of arrays is not supported: use a jagged array or a list");
        var element = Classify(array.ElementType, scope);
        if (!element.IsSupported) return element;
        return ShapeResult.Of(new ValueShape(ShapeKind.MultiArray, name, EquatableArray.Create(element.Shape!), Rank: array.Rank, IsReferenceType: true));
    }

    private static ShapeResult ClassifyValueTuple(INamedTypeSymbol tuple, string name, Scope scope)
    {
        var items = new List<ITypeSymbol>();
        foreach (var element in tuple.TupleElements) items.Add(element.Type);
        if (items.Count > 7) return ShapeResult.Unsupported("tuples of more than 7 items are not supported: use a [Checkpointable] struct");
        return WithArguments(ShapeKind.ValueTuple, name, items, isReference: false, scope);
    }

    /// <summary>A shape whose type arguments are classified first; the first unsupported argument is the reason.</summary>
    private static ShapeResult WithArguments(ShapeKind kind, string name, IEnumerable<ITypeSymbol> arguments, bool isReference, Scope scope, string variant = "")
    {
        var shapes = new List<ValueShape>();
        foreach (var argument in arguments)
        {
            var result = Classify(argument, scope);
            if (!result.IsSupported) return result;
            shapes.Add(result.Shape!);
        }
        return ShapeResult.Of(new ValueShape(kind, name, shapes.ToEquatableArray(), IsReferenceType: isReference, Variant: variant));
    }

    /// <summary>The compilation's symbols, and in a classification that assumes code (see <see cref="ClassifyAssumingCode"/>) the structs met.</summary>
    private sealed record Scope(KnownSymbols Known, List<INamedTypeSymbol>? AssumedStructs);
}
