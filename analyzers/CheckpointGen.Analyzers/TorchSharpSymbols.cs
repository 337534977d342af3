using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace CheckpointGen.Analyzers;

/// <summary>
/// The TorchSharp types CKPT0009 knows, resolved once per compilation: <c>Scalar</c>, <c>torch.Tensor</c>,
/// <c>torch</c>, and TorchSharp's managed optimizers with the name of their GC-safe counterpart in
/// CheckpointGen.Training. A compilation without TorchSharp has none and gets no diagnostics.
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

    private TorchSharpSymbols(INamedTypeSymbol scalar, INamedTypeSymbol tensor, INamedTypeSymbol torch, ImmutableDictionary<INamedTypeSymbol, string> safeOptimizers)
    {
        Scalar = scalar;
        Tensor = tensor;
        Torch = torch;
        SafeOptimizers = safeOptimizers;
    }

    public INamedTypeSymbol Scalar { get; }
    public INamedTypeSymbol Tensor { get; }
    public INamedTypeSymbol Torch { get; }

    /// <summary>TorchSharp's optimizer types (exactly these, not subclasses) and the name of their GC-safe counterparts.</summary>
    public ImmutableDictionary<INamedTypeSymbol, string> SafeOptimizers { get; }

    public static TorchSharpSymbols? TryCreate(Compilation compilation)
    {
        var scalar = compilation.GetTypeByMetadataName("TorchSharp.Scalar");
        var torch = compilation.GetTypeByMetadataName("TorchSharp.torch");
        var tensor = compilation.GetTypeByMetadataName("TorchSharp.torch+Tensor");
        if (scalar is null || torch is null || tensor is null) return null;
        var optimizers = ImmutableDictionary.CreateBuilder<INamedTypeSymbol, string>(SymbolEqualityComparer.Default);
        foreach (var (name, safe) in Optimizers)
            if (compilation.GetTypeByMetadataName("TorchSharp.Modules." + name) is { } type) optimizers[type] = safe;
        return new TorchSharpSymbols(scalar, tensor, torch, optimizers.ToImmutable());
    }

    public bool IsScalar(ITypeSymbol? type) => SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, Scalar);

    public bool IsTensor(ITypeSymbol? type) => SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, Tensor);

    /// <summary>A member of <c>Tensor</c> or of the static <c>torch</c> class.</summary>
    public bool IsTensorApi(ISymbol member) =>
        SymbolEqualityComparer.Default.Equals(member.ContainingType, Tensor) || SymbolEqualityComparer.Default.Equals(member.ContainingType, Torch);

    /// <summary>
    /// TorchSharp 0.107 methods that pass libtorch a Scalar of their own: <c>add</c>/<c>add_</c> without <c>alpha</c>
    /// (they call the overload with an implicit 1) and <c>addcdiv</c>/<c>addcdiv_</c> without <c>value</c>.
    /// </summary>
    public bool CreatesHiddenScalar(IMethodSymbol method)
    {
        if (!IsTensorApi(method)) return false;
        return method.Name switch
        {
            "add" or "add_" => !HasParameter(method, "alpha"),
            "addcdiv" or "addcdiv_" => !HasParameter(method, "value"),
            _ => false,
        };
    }

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

    private static bool HasParameter(IMethodSymbol method, string name) => method.Parameters.Any(p => p.Name == name);
}
