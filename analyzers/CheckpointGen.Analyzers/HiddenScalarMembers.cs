using System;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace CheckpointGen.Analyzers;

/// <summary>
/// TorchSharp 0.107 members that hand libtorch a Scalar they made themselves, so no call site can hold it. Found by
/// reading TorchSharp.dll's IL for Scalar conversions that nothing keeps alive, followed to the public members that
/// reach them; docs/diagnostics/CKPT0009.md lists them with the way around each.
/// </summary>
internal static class HiddenScalarMembers
{
    private const string Tensor = "TorchSharp.torch+Tensor";
    private const string Torch = "TorchSharp.torch";
    private const string Functional = "TorchSharp.torch+nn+functional";

    private const string ComposeAdvice = "compose it from Tensor methods with Scalars held in 'using' variables";
    private const string BatchCount = "in every training-mode forward, which counts batches with num_batches_tracked.add_(1)";
    private const string ItemAdvice = "read the value with item<T>(), which copies it out of the tensor without a Scalar";

    /// <summary>A method (by containing type and name), the overloads it applies to, what it makes and the way around it.</summary>
    internal sealed record MethodEntry(string Type, string Name, Func<IMethodSymbol, bool> Applies, string Which, string Advice);

    /// <summary>A type whose instances make such a Scalar in a method the caller does not see being called.</summary>
    internal sealed record TypeEntry(string MetadataName, string Which, string Advice);

    private static readonly string[] NumberReaders =
    [
        "ToDouble", "ToSingle", "ToHalf", "ToBFloat16", "ToSByte", "ToByte", "ToInt16", "ToInt32", "ToInt64", "ToBoolean",
        "ToComplex32", "ToComplex64", "ToComplexFloat32", "ToComplexFloat64",
    ];

    private static readonly string[] Activations =
        ["celu", "elu", "hardtanh", "Hardtanh", "leaky_relu", "mish", "Mish", "softplus", "softsign", "Softsign", "threshold", "Threshold"];

    public static readonly MethodEntry[] Methods =
    [
        .. ImplicitOne(Tensor, Torch),
        new(Tensor, "square", _ => true, "an implicit 2: square() is pow(2)", "multiply the tensor by itself (t.mul(t))"),
        new(Torch, "square", _ => true, "an implicit 2: square() is pow(2)", "multiply the tensor by itself (t.mul(t))"),
        new("TorchSharp.torch+linalg", "vector_norm", m => Has(m, "ord", SpecialType.System_Double), "'ord' converted to a Scalar inside",
            "compute the norm with Tensor methods (the 2-norm: t.mul(t).sum(dims).sqrt())"),
        new("TorchSharp.torch+linalg", "matrix_norm", m => Has(m, "ord", SpecialType.System_Double), "'ord' converted to a Scalar inside",
            "compute the norm with Tensor methods, or use the \"fro\"/\"nuc\" overload"),
        new(Torch, "arange", m => !Has(m, "step"), "an implicit start 0 or step 1", "pass start, stop and step, Scalars held in 'using' variables"),
        new(Torch, "normal", m => Has(m, "mean", SpecialType.System_Double), "'mean' and 'std' converted to Scalars inside",
            "draw into a tensor with normal_(mean, std, generator), which passes them as numbers"),
        .. new[] { "elu", "elu_", "celu", "celu_", "softplus" }.Select(name => new MethodEntry(Tensor, name, _ => true, "its parameters converted to Scalars inside", ComposeAdvice)),
        .. Activations.Select(name => new MethodEntry(Functional, name, _ => true, "its parameters converted to Scalars inside", ComposeAdvice)),
        .. NumberReaders.Select(name => new MethodEntry("TorchSharp.TensorExtensionMethods", name, _ => true, "the Scalar ToScalar() returns, read after nothing references it", ItemAdvice)),
    ];

    /// <summary>Explicit conversions of a tensor to a number go through the same number readers.</summary>
    public const string ConversionWhich = "the Scalar ToScalar() returns, read after nothing references it";

    /// <inheritdoc cref="ItemAdvice"/>
    public const string ConversionAdvice = ItemAdvice;

    public static readonly TypeEntry[] Types =
    [
        new("TorchSharp.Modules.BatchNorm1d", BatchCount,
            "use 'GcSafeBatchNorm1d' from CheckpointGen.Training.Models, the same layer without it"),
        .. new[] { "BatchNorm2d", "BatchNorm3d" }.Select(name => new TypeEntry("TorchSharp.Modules." + name, BatchCount,
            "no TorchSharp overload avoids it; a normalization without a batch count (LayerNorm, GroupNorm) makes none, or suppress CKPT0009 where the risk is accepted")),
        .. new[] { "CELU", "ELU", "Hardtanh", "LeakyReLU", "Mish", "Softplus", "Softsign", "Threshold", "GaussianNLLLoss" }.Select(name =>
            new TypeEntry("TorchSharp.Modules." + name, "in every forward", ComposeAdvice + " in a module of your own")),
    ];

    /// <summary><c>add</c>/<c>add_</c> without <c>alpha</c> and <c>addcdiv</c>/<c>addcdiv_</c> without <c>value</c> call the full overload with an implicit 1.</summary>
    private static MethodEntry[] ImplicitOne(params string[] types) =>
    [
        .. from type in types
           from name in new[] { "add", "add_", "addcdiv", "addcdiv_" }
           let parameter = name is "add" or "add_" ? "alpha" : "value"
           select new MethodEntry(type, name, m => !Has(m, parameter), $"an implicit 1 for '{parameter}'", $"pass '{parameter}' yourself, a Scalar held in a 'using' variable"),
    ];

    private static bool Has(IMethodSymbol method, string name) => method.Parameters.Any(p => p.Name == name);

    private static bool Has(IMethodSymbol method, string name, SpecialType type) =>
        method.Parameters.Any(p => p.Name == name && p.Type.SpecialType == type);
}
