using System.Collections.Immutable;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace CheckpointGen.Analyzers;

/// <summary>
/// The TorchSharp symbols CKPT0009 knows, resolved once per compilation: <c>Scalar</c>, <c>torch.Tensor</c>,
/// <c>torch</c>, the members of <see cref="HiddenScalarMembers"/>, and TorchSharp's managed optimizers with the name of
/// their GC-safe counterpart in CheckpointGen.Training. A compilation without TorchSharp has none and gets no diagnostics.
/// </summary>
internal sealed class TorchSharpSymbols
{
    public const string SafeOptimizerNamespace = "CheckpointGen.Training.Optimizers";

    private static readonly (string TorchSharp, string Safe)[] Optimizers =
    [
        ("SGD", "GcSafeSgd"), ("Adam", "GcSafeAdam"), ("AdamW", "GcSafeAdamW"), ("RMSProp", "GcSafeRmsProp"),
        ("Adagrad", "GcSafeAdagrad"), ("Adadelta", "GcSafeAdadelta"), ("Adamax", "GcSafeAdamax"), ("NAdam", "GcSafeNAdam"),
        ("RAdam", "GcSafeRAdam"), ("ASGD", "GcSafeAsgd"), ("Rprop", "GcSafeRprop"),
    ];

    private TorchSharpSymbols(INamedTypeSymbol scalar, INamedTypeSymbol tensor, INamedTypeSymbol torch,
        ImmutableDictionary<INamedTypeSymbol, HiddenScalarMembers.TypeEntry> hazardousTypes,
        ImmutableDictionary<(INamedTypeSymbol Type, string Name), ImmutableArray<HiddenScalarMembers.MethodEntry>> methods)
    {
        Scalar = scalar;
        Tensor = tensor;
        Torch = torch;
        HazardousTypes = hazardousTypes;
        _methods = methods;
    }

    private readonly ImmutableDictionary<(INamedTypeSymbol Type, string Name), ImmutableArray<HiddenScalarMembers.MethodEntry>> _methods;

    public INamedTypeSymbol Scalar { get; }
    public INamedTypeSymbol Tensor { get; }
    public INamedTypeSymbol Torch { get; }

    /// <summary>
    /// Types (exactly these, not subclasses) whose instances make a temporary Scalar in a method the caller does not
    /// call by name: TorchSharp's optimizers (in <c>step</c>, with a GC-safe counterpart) and some modules (in <c>forward</c>).
    /// </summary>
    public ImmutableDictionary<INamedTypeSymbol, HiddenScalarMembers.TypeEntry> HazardousTypes { get; }

    public static TorchSharpSymbols? TryCreate(Compilation compilation)
    {
        var scalar = compilation.GetTypeByMetadataName("TorchSharp.Scalar");
        var torch = compilation.GetTypeByMetadataName("TorchSharp.torch");
        var tensor = compilation.GetTypeByMetadataName("TorchSharp.torch+Tensor");
        if (scalar is null || torch is null || tensor is null) return null;
        var types = ImmutableDictionary.CreateBuilder<INamedTypeSymbol, HiddenScalarMembers.TypeEntry>(SymbolEqualityComparer.Default);
        foreach (var (name, safe) in Optimizers)
            if (compilation.GetTypeByMetadataName("TorchSharp.Modules." + name) is { } type)
                types[type] = new HiddenScalarMembers.TypeEntry(type.MetadataName, "in every step", $"use '{safe}' from {SafeOptimizerNamespace}, which computes the same bits");
        foreach (var entry in HiddenScalarMembers.Types)
            if (compilation.GetTypeByMetadataName(entry.MetadataName) is { } type) types[type] = entry;
        var methods = HiddenScalarMembers.Methods
            .Select(entry => (Entry: entry, Type: compilation.GetTypeByMetadataName(entry.Type)))
            .Where(x => x.Type is not null)
            .GroupBy(x => (x.Type!, x.Entry.Name), x => x.Entry, MethodKeyComparer.Instance)
            .ToImmutableDictionary(g => g.Key, g => g.ToImmutableArray(), MethodKeyComparer.Instance);
        return new TorchSharpSymbols(scalar, tensor, torch, types.ToImmutable(), methods);
    }

    public bool IsScalar(ITypeSymbol? type) => SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, Scalar);

    public bool IsTensor(ITypeSymbol? type) => SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, Tensor);

    /// <summary>The entry for a TorchSharp method that passes libtorch a Scalar of its own (<see cref="HiddenScalarMembers"/>), or null.</summary>
    public HiddenScalarMembers.MethodEntry? HiddenScalarOf(IMethodSymbol method)
    {
        var original = method.ReducedFrom ?? method;
        if (original.ContainingType is not { } type || !_methods.TryGetValue((type, original.Name), out var entries)) return null;
        foreach (var entry in entries)
            if (entry.Applies(original)) return entry;
        return null;
    }

    /// <summary>An explicit conversion of a tensor to a number (<c>(double)t</c>), which reads the value through a temporary Scalar.</summary>
    public bool IsNumberConversion(IMethodSymbol? op) =>
        op is { Name: "op_Explicit", Parameters.Length: 1 } && SymbolEqualityComparer.Default.Equals(op.ContainingType, Tensor) && IsTensor(op.Parameters[0].Type);

    /// <summary>
    /// TorchSharp 0.107 <c>Tensor</c> operators that turn an operand into a Scalar themselves: every one with a
    /// number operand, every <c>+</c> (it calls <c>add</c> without alpha) and <c>Scalar - Tensor</c>.
    /// </summary>
    public bool OperatorCreatesHiddenScalar(IMethodSymbol op)
    {
        if (!SymbolEqualityComparer.Default.Equals(op.ContainingType, Tensor) || op.Parameters.Length != 2) return false;
        if (op.Parameters.Any(p => IsNumber(p.Type))) return true;
        return op.Name == "op_Addition" || (op.Name == "op_Subtraction" && IsScalar(op.Parameters[0].Type));
    }

    public static bool IsNumber(ITypeSymbol type) => type.SpecialType is SpecialType.System_Byte or SpecialType.System_SByte
        or SpecialType.System_Int16 or SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_Single
        or SpecialType.System_Double or SpecialType.System_Boolean;

    private sealed class MethodKeyComparer : IEqualityComparer<(INamedTypeSymbol Type, string Name)>
    {
        public static readonly MethodKeyComparer Instance = new();

        public bool Equals((INamedTypeSymbol Type, string Name) x, (INamedTypeSymbol Type, string Name) y) =>
            SymbolEqualityComparer.Default.Equals(x.Type, y.Type) && x.Name == y.Name;

        public int GetHashCode((INamedTypeSymbol Type, string Name) key) =>
            SymbolEqualityComparer.Default.GetHashCode(key.Type) * 31 + key.Name.GetHashCode();
    }
}
