using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Torch;

/// <summary>
/// Tensor arithmetic with numbers whose Scalars stay referenced until libtorch has read them: the runtime's
/// replacement for TorchSharp's <c>tensor + tensor</c>, <c>tensor * double</c>, <c>pow(2)</c> and friends, which hand
/// libtorch temporary Scalars a garbage collection can free mid-call (docs/diagnostics/CKPT0009.md). Each computes
/// exactly what the TorchSharp operator it replaces computes (same libtorch call, same Scalar type).
/// </summary>
internal static class HeldScalars
{
    /// <summary>The int 1 TorchSharp's <c>add</c> passes as alpha when none is given; never freed.</summary>
    public static readonly Scalar One = 1.ToScalar();

    /// <summary>The int 2 of <c>pow(2)</c>; never freed.</summary>
    public static readonly Scalar Two = 2.ToScalar();

    /// <summary>The int 0 of comparisons with 0; never freed.</summary>
    public static readonly Scalar Zero = 0.ToScalar();

    /// <summary><c>a + b</c>.</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, One);

    /// <summary><c>a + value</c> (a double).</summary>
    public static Tensor Plus(this Tensor a, double value)
    {
        using var scalar = value.ToScalar();
        return a.add(scalar, One);
    }

    /// <summary><c>a += b</c> in place (<c>add_</c> without alpha).</summary>
    public static Tensor PlusInPlace(this Tensor a, Tensor b) => a.add_(b, One);

    /// <summary><c>a * factor</c> and <c>factor * a</c> (a double).</summary>
    public static Tensor Times(this Tensor a, double factor)
    {
        using var scalar = factor.ToScalar();
        return a.mul(scalar);
    }

    /// <summary><c>a / divisor</c> (a double).</summary>
    public static Tensor DividedBy(this Tensor a, double divisor)
    {
        using var scalar = divisor.ToScalar();
        return a.div(scalar);
    }

    /// <summary><c>a / divisor</c> (a long, as TorchSharp's <c>tensor / long</c>).</summary>
    public static Tensor DividedBy(this Tensor a, long divisor)
    {
        using var scalar = divisor.ToScalar();
        return a.div(scalar);
    }

    /// <summary><c>a.pow(2)</c>.</summary>
    public static Tensor Squared(this Tensor a) => a.pow(Two);
}
