using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace CheckpointGen.Generators.Classification;

/// <summary>
/// Which members of a [Checkpointable] type are saved, under which keys, with which shapes, and why
/// the type cannot be checkpointed when it cannot. Pure functions of symbols; the generator and the
/// analyzer both call them.
/// </summary>
internal static class MemberClassifier
{
    /// <summary>Classifies the type's own saved members (one level of its inheritance chain) and checks the type itself.</summary>
    public static TypeClassification Classify(INamedTypeSymbol type, KnownSymbols known) => Classify(type, known, null);

    /// <summary>Classifies as if every [Checkpointable] type met had code, listing the source structs met (see <see cref="CheckpointableTypeFacts.GetsGeneratedCode"/>).</summary>
    internal static TypeClassification ClassifyAssumingCode(INamedTypeSymbol type, KnownSymbols known, List<INamedTypeSymbol> structs) =>
        Classify(type, known, structs);

    private static TypeClassification Classify(INamedTypeSymbol type, KnownSymbols known, List<INamedTypeSymbol>? structs)
    {
        var problems = new List<ClassificationProblem>();
        CheckPartial(type, problems);

        var inheritedKeys = InheritedKeys(type, known);
        var ownKeys = new HashSet<string>();
        var members = new List<ClassifiedMember>();
        foreach (var field in SavedFields(type, known))
        {
            string name = MemberName(field);
            string? key = KeyOf(field, known);
            if (key is null || key.Trim().Length == 0)
            {
                problems.Add(new ClassificationProblem(ProblemKind.EmptyKey, name, $"The [CheckpointKey] of '{name}' is empty: give it a non-empty key."));
                continue;
            }
            if (!ownKeys.Add(key))
                problems.Add(new ClassificationProblem(ProblemKind.DuplicateKey, name, $"'{name}' is stored under the key '{key}', which another member of {type.Name} uses: give one of them a distinct [CheckpointKey]."));
            else if (inheritedKeys.TryGetValue(key, out string? owner))
                problems.Add(new ClassificationProblem(ProblemKind.DuplicateKey, name, $"'{name}' is stored under the key '{key}', which the base class {owner} already uses: give it a distinct [CheckpointKey]."));

            if (IsObsoleteError(field, known))
            {
                problems.Add(new ClassificationProblem(ProblemKind.UnsupportedType, name, "it is [Obsolete] as an error, so no code can use it: [CheckpointIgnore] it, or make the attribute a warning"));
                continue;
            }
            var shape = structs is null ? ShapeClassifier.Classify(field.Type, known) : ShapeClassifier.ClassifyAssumingCode(field.Type, known, structs);
            if (!shape.IsSupported)
            {
                problems.Add(new ClassificationProblem(shape.Problem, name, shape.Reason));
                continue;
            }
            string configuration = ConfigurationChangeOf(field, known);
            if (configuration.Length > 0 && !IsPlainValue(shape.Shape!))
            {
                problems.Add(new ClassificationProblem(ProblemKind.ConfigurationNotAValue, name, $"The [CheckpointConfiguration] member '{name}' is compared on restore, so it must be a plain value (a scalar, an enum, a string, or arrays, lists and tuples of them), not {shape.Shape!.TypeName}: record the settings that define it instead."));
                continue;
            }
            members.Add(new ClassifiedMember(name, key, shape.Shape!, AccessOf(field), field.AssociatedSymbol is IPropertySymbol ? field.Name : "", configuration));
        }
        return new TypeClassification(members.ToEquatableArray(), problems.ToEquatableArray());
    }

    /// <summary>
    /// The fields whose values are saved: every instance field (private and readonly included) and every
    /// auto-property's backing field, except consts, statics and [CheckpointIgnore] members.
    /// </summary>
    public static IEnumerable<IFieldSymbol> SavedFields(INamedTypeSymbol type, KnownSymbols known)
    {
        foreach (var symbol in type.GetMembers())
        {
            if (symbol is not IFieldSymbol field || field.IsStatic || field.IsConst) continue;
            if (field.IsImplicitlyDeclared && field.AssociatedSymbol is not IPropertySymbol) continue;
            if (field.AssociatedSymbol is IEventSymbol) continue;
            if (IsIgnored(field, known)) continue;
            yield return field;
        }
    }

    /// <summary>The name the member has in source: the property's name for a backing field.</summary>
    public static string MemberName(IFieldSymbol field) => field.AssociatedSymbol is IPropertySymbol property ? property.Name : field.Name;

    /// <summary>The key a field is stored under: its [CheckpointKey] (possibly empty), else its member name.</summary>
    public static string? KeyOf(IFieldSymbol field, KnownSymbols known)
    {
        foreach (var symbol in Declarations(field))
        {
            if (known.KeyAttribute(symbol) is not { } attribute) continue;
            return attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
        }
        return MemberName(field);
    }

    /// <summary>The policy of a [CheckpointConfiguration] member as a ConfigurationChange member name ("Refuse" by default); empty for state.</summary>
    public static string ConfigurationChangeOf(IFieldSymbol field, KnownSymbols known)
    {
        foreach (var symbol in Declarations(field))
        {
            if (known.ConfigurationAttribute(symbol) is not { } attribute) continue;
            if (attribute.ConstructorArguments is [{ Type: INamedTypeSymbol { TypeKind: TypeKind.Enum } policy, Value: int value }])
                foreach (var member in policy.GetMembers())
                    if (member is IFieldSymbol { HasConstantValue: true, ConstantValue: int constant } && constant == value) return member.Name;
            return "Refuse";
        }
        return "";
    }

    /// <summary>Values a restore can compare by their text: scalars, enums and nullables, and arrays, lists and tuples of them.</summary>
    private static bool IsPlainValue(ValueShape shape)
    {
        switch (shape.Kind)
        {
            case ShapeKind.Scalar or ShapeKind.Enum:
                return true;
            case ShapeKind.Nullable or ShapeKind.Array or ShapeKind.List or ShapeKind.ImmutableArray or ShapeKind.ValueTuple or ShapeKind.Tuple:
                foreach (var argument in shape.Arguments)
                    if (!IsPlainValue(argument)) return false;
                return true;
            default:
                return false;
        }
    }

    public static bool IsIgnored(IFieldSymbol field, KnownSymbols known)
    {
        foreach (var symbol in Declarations(field))
            if (known.IsIgnored(symbol)) return true;
        return false;
    }

    /// <summary>[Obsolete(…, error: true)] on the member: the generated code's use of it would not compile (warnings are suppressed there).</summary>
    private static bool IsObsoleteError(IFieldSymbol field, KnownSymbols known)
    {
        foreach (var symbol in Declarations(field))
        foreach (var attribute in symbol.GetAttributes())
            if (KnownSymbols.Is(attribute.AttributeClass!, known.ObsoleteAttribute) && attribute.ConstructorArguments is [_, { Value: true }]) return true;
        return false;
    }

    private static IEnumerable<ISymbol> Declarations(IFieldSymbol field)
    {
        yield return field;
        if (field.AssociatedSymbol is IPropertySymbol property) yield return property;
    }

    private static MemberAccess AccessOf(IFieldSymbol field)
    {
        if (field.AssociatedSymbol is IPropertySymbol property)
            return property.SetMethod is { IsInitOnly: false } ? MemberAccess.Assign : MemberAccess.BackingField;
        return field.IsReadOnly ? MemberAccess.ReadOnlyField : MemberAccess.Assign;
    }

    /// <summary>Keys used by the [Checkpointable] base classes: one chain shares one key namespace.</summary>
    private static Dictionary<string, string> InheritedKeys(INamedTypeSymbol type, KnownSymbols known)
    {
        var keys = new Dictionary<string, string>();
        for (var level = CheckpointableTypeFacts.CheckpointableBase(type, known); level is not null; level = CheckpointableTypeFacts.CheckpointableBase(level, known))
            foreach (var field in SavedFields(level, known))
                if (KeyOf(field, known) is { } key && !keys.ContainsKey(key)) keys.Add(key, level.Name);
        return keys;
    }

    private static void CheckPartial(INamedTypeSymbol type, List<ClassificationProblem> problems)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (CheckpointableTypeFacts.IsPartial(current)) continue;
            string what = SymbolEqualityComparer.Default.Equals(current, type) ? $"The [Checkpointable] type {type.Name}" : $"{current.Name}, which contains the [Checkpointable] type {type.Name},";
            problems.Add(new ClassificationProblem(ProblemKind.TypeNotPartial, "", $"{what} must be declared partial so that its checkpoint code can be generated."));
        }
    }
}
