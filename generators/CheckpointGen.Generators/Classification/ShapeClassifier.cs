using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace CheckpointGen.Generators.Classification;

/// <summary>
/// Decides how a value of a given type is checkpointed (its <see cref="ValueShape"/>), or why it
/// cannot be. A pure function of the type symbol: the generator and the analyzer both call it.
/// </summary>
internal static partial class ShapeClassifier
{
    public static ShapeResult Classify(ITypeSymbol type)
    {
        string name = type.ToDisplayString(KnownTypes.SourceFormat);
        bool isReference = type.IsReferenceType;

        if (type.TypeKind == TypeKind.Error)
            return ShapeResult.Unsupported($"the type '{type.ToDisplayString()}' could not be resolved", CheckpointDiagnosticIds.UnresolvedType);
        if (Unsupported(type) is { } reason)
            return ShapeResult.Unsupported(reason, NameOfUnannotated(type) == "System.Random" ? CheckpointDiagnosticIds.SystemRandom : CheckpointDiagnosticIds.UnsupportedMemberType);
        if (type is ITypeParameterSymbol parameter) return ClassifyTypeParameter(parameter, name);
        if (ScalarSuffix(type) is { } suffix) return ShapeResult.Of(new ValueShape(ShapeKind.Scalar, name, default, suffix, IsReferenceType: isReference));
        if (type.TypeKind == TypeKind.Enum && type is INamedTypeSymbol { EnumUnderlyingType: { } underlying })
            return ShapeResult.Of(new ValueShape(ShapeKind.Enum, name, default, ScalarSuffix(underlying)!));
        if (type is IArrayTypeSymbol array) return ClassifyArray(array, name);
        if (type is INamedTypeSymbol named)
        {
            if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
                return WithArguments(ShapeKind.Nullable, name, named.TypeArguments, isReference: false);
            if (named.IsTupleType) return ClassifyValueTuple(named, name);
            if (ClassifyGeneric(named, name) is { } generic) return generic;
            return ClassifyObject(named, name);
        }
        return ShapeResult.Unsupported($"'{type.ToDisplayString()}' is not a type CheckpointGen can save");
    }

    private static string NameOfUnannotated(ITypeSymbol type) => type is INamedTypeSymbol ? KnownTypes.NameOf(type) : "";

    private static string? ScalarSuffix(ITypeSymbol type)
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
        return type is INamedTypeSymbol ? KnownTypes.NameOf(type) switch
        {
            "System.DateTimeOffset" => "DateTimeOffset",
            "System.TimeSpan" => "TimeSpan",
            "System.Guid" => "Guid",
            "System.Half" => "Half",
            _ => null,
        } : null;
    }

    private static ShapeResult ClassifyTypeParameter(ITypeParameterSymbol parameter, string name)
    {
        bool checkpointable = false, creatable = false;
        foreach (var constraint in parameter.ConstraintTypes)
        {
            if (KnownTypes.NameOf(constraint) == KnownTypes.ICheckpointableFactory) creatable = true;
            if (KnownTypes.NameOf(constraint) == KnownTypes.ICheckpointable || KnownTypes.Implements(constraint, KnownTypes.ICheckpointable) || KnownTypes.IsCheckpointable(constraint))
                checkpointable = true;
        }
        if (checkpointable && creatable && parameter.HasReferenceTypeConstraint)
            return ShapeResult.Of(new ValueShape(ShapeKind.CheckpointableClass, name, default, IsReferenceType: true, HasFactory: true));
        if (checkpointable && parameter.HasValueTypeConstraint)
            return ShapeResult.Of(new ValueShape(ShapeKind.CheckpointableStruct, name, default));
        if (checkpointable && parameter.HasReferenceTypeConstraint)
            return ShapeResult.Of(new ValueShape(ShapeKind.Polymorphic, name, default, IsReferenceType: true));
        return ShapeResult.Unsupported($"the type parameter '{parameter.Name}' can be anything: constrain it to 'class, ICheckpointable' (plus ICheckpointableFactory<T> to create missing instances) or 'struct, ICheckpointable', or use concrete types");
    }

    private static ShapeResult ClassifyArray(IArrayTypeSymbol array, string name)
    {
        if (array.Rank == 1) return WithArguments(ShapeKind.Array, name, new[] { array.ElementType }, isReference: true);
        if (array.ElementType is IArrayTypeSymbol)
            return ShapeResult.Unsupported("a multi-dimensional array of arrays is not supported: use a jagged array or a list");
        var element = Classify(array.ElementType);
        if (!element.IsSupported) return element;
        return ShapeResult.Of(new ValueShape(ShapeKind.MultiArray, name, EquatableArray.Create(element.Shape!), Rank: array.Rank, IsReferenceType: true));
    }

    private static ShapeResult ClassifyValueTuple(INamedTypeSymbol tuple, string name)
    {
        var items = new List<ITypeSymbol>();
        foreach (var element in tuple.TupleElements) items.Add(element.Type);
        if (items.Count > 7) return ShapeResult.Unsupported("tuples of more than 7 items are not supported: use a [Checkpointable] struct");
        return WithArguments(ShapeKind.ValueTuple, name, items, isReference: false);
    }

    /// <summary>A shape whose type arguments are classified first; the first unsupported argument is the reason.</summary>
    private static ShapeResult WithArguments(ShapeKind kind, string name, IEnumerable<ITypeSymbol> arguments, bool isReference, string variant = "")
    {
        var shapes = new List<ValueShape>();
        foreach (var argument in arguments)
        {
            var result = Classify(argument);
            if (!result.IsSupported) return result;
            shapes.Add(result.Shape!);
        }
        return ShapeResult.Of(new ValueShape(kind, name, shapes.ToEquatableArray(), IsReferenceType: isReference, Variant: variant));
    }
}
