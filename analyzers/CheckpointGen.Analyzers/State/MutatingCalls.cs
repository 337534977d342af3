using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace CheckpointGen.Analyzers.State;

/// <summary>
/// Which method calls change the object they are called on. A call is taken as mutating when
/// <list type="bullet">
/// <item>the receiver is a mutable collection (it implements IEnumerable and is neither a string
/// nor an immutable collection) and the method is a known mutator (Add, Clear, Enqueue, …) or returns void;</item>
/// <item>the receiver is a TorchSharp object and the method is in-place (its name ends with <c>_</c>,
/// TorchSharp's convention) or a known module mutator (train, eval, to, load_state_dict, …);</item>
/// <item>the receiver is a class declared in source and the method returns void (it is called for its effect);</item>
/// <item>an array is cleared, filled, sorted, reversed or copied into through <see cref="System.Array"/>'s static methods,
/// or a TorchSharp object is passed to an in-place function (name ending with <c>_</c>).</item>
/// </list>
/// Anything else (queries, value-returning pure methods, calls on immutable types) is not a mutation.
/// </summary>
internal static class MutatingCalls
{
    private static readonly ImmutableHashSet<string> CollectionMutators = ImmutableHashSet.Create(
        "Add", "AddRange", "AddFirst", "AddLast", "AddBefore", "AddAfter", "Insert", "InsertRange",
        "Remove", "RemoveAt", "RemoveAll", "RemoveRange", "RemoveWhere", "RemoveFirst", "RemoveLast", "Clear",
        "Push", "Pop", "TryPop", "Enqueue", "Dequeue", "TryDequeue", "TryAdd", "TryRemove", "TryUpdate",
        "AddOrUpdate", "GetOrAdd", "Set", "SetAll", "Sort", "Reverse", "UnionWith", "IntersectWith",
        "ExceptWith", "SymmetricExceptWith", "TrimExcess", "EnsureCapacity");

    private static readonly ImmutableHashSet<string> TorchMutators = ImmutableHashSet.Create(
        "train", "eval", "to", "cpu", "cuda", "load", "load_state_dict", "zero_grad", "step", "apply",
        "register_buffer", "register_parameter", "register_module", "requires_grad_", "set_", "copy_", "zero_",
        "fill_", "set_state", "manual_seed", "seed");

    private static readonly ImmutableHashSet<string> ArrayMutators = ImmutableHashSet.Create(
        "Clear", "Fill", "Sort", "Reverse");

    public static bool Mutates(IMethodSymbol method, ITypeSymbol? receiver)
    {
        if (receiver is null || method.IsStatic) return false;
        if (IsTorchSharp(receiver))
        {
            // Tensor methods without the in-place suffix return a new tensor; modules, optimizers and generators change themselves.
            return IsInPlaceName(method.Name) || receiver.Name != "Tensor" && TorchMutators.Contains(method.Name);
        }
        if (IsImmutable(receiver)) return false;
        if (IsCollection(receiver)) return CollectionMutators.Contains(method.Name) || method.ReturnsVoid;
        return receiver.TypeKind == TypeKind.Class && IsInSource(receiver) && method.ReturnsVoid && !method.IsReadOnly;
    }

    public static bool MutatesArgument(IMethodSymbol method, IParameterSymbol parameter, ITypeSymbol? argumentType)
    {
        if (argumentType is null) return false;
        if (method.IsExtensionMethod && parameter.Ordinal == 0) return Mutates(method.ReducedFrom ?? method, argumentType) || IsExtensionMutator(method, argumentType);
        if (IsTorchSharp(argumentType)) return IsInPlaceName(method.Name);
        if (argumentType is IArrayTypeSymbol && method.ContainingType.SpecialType == SpecialType.System_Array)
        {
            return ArrayMutators.Contains(method.Name) && parameter.Ordinal == 0
                || method.Name is "Copy" or "ConstrainedCopy" && parameter.Name.StartsWith("destination", System.StringComparison.Ordinal);
        }
        return false;
    }

    /// <summary>Extension methods are static, so <see cref="Mutates"/> cannot see them as instance calls: judge by name.</summary>
    private static bool IsExtensionMutator(IMethodSymbol method, ITypeSymbol receiver) =>
        !IsImmutable(receiver) && IsCollection(receiver) && (CollectionMutators.Contains(method.Name) || method.ReturnsVoid);

    private static bool IsInPlaceName(string name) => name.Length > 1 && name[name.Length - 1] == '_';

    public static bool IsTorchSharp(ITypeSymbol type)
    {
        var ns = type.ContainingNamespace?.ToDisplayString() ?? "";
        return ns == "TorchSharp" || ns.StartsWith("TorchSharp.", System.StringComparison.Ordinal);
    }

    public static bool IsImmutable(ITypeSymbol type)
    {
        if (type.SpecialType is not SpecialType.None || type.TypeKind is TypeKind.Enum or TypeKind.Delegate) return true;
        if (type.IsReadOnly && type.IsValueType) return true;
        var ns = type.ContainingNamespace?.ToDisplayString() ?? "";
        return ns == "System.Collections.Immutable" || ns == "System.Collections.Frozen";
    }

    public static bool IsCollection(ITypeSymbol type) =>
        type is IArrayTypeSymbol
        || type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable);

    private static bool IsInSource(ITypeSymbol type) => type.Locations.Any(l => l.IsInSource);
}
