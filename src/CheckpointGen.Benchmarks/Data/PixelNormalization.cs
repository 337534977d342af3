namespace CheckpointGen.Benchmarks.Data;

/// <summary>
/// How stored input values become model inputs: <c>((x · Scale) − Mean) / Std</c>, computed as one
/// multiply-add per element.
/// </summary>
/// <param name="Scale">Applied first; 1/255 for bytes, as PyTorch's <c>ToTensor</c> does.</param>
/// <param name="Mean">Subtracted after scaling.</param>
/// <param name="Std">Divides after subtracting the mean.</param>
public sealed record PixelNormalization(double Scale, double Mean, double Std)
{
    /// <summary>
    /// MNIST as Avalanche feeds it: <c>ToTensor</c> (divide by 255) then <c>Normalize(0.1307, 0.3081)</c>.
    /// (TorchSharp's TorchVision MNIST divides by 256; PyTorch's ToTensor by 255, which is followed here.)
    /// </summary>
    public static PixelNormalization Mnist { get; } = new(1.0 / 255.0, 0.1307, 0.3081);

    /// <summary>Bytes to [0, 1] with no standardisation.</summary>
    public static PixelNormalization UnitRange { get; } = new(1.0 / 255.0, 0.0, 1.0);

    /// <summary>The multiplier of the fused multiply-add: Scale / Std.</summary>
    public double Multiplier => Scale / Std;

    /// <summary>The offset of the fused multiply-add: −Mean / Std.</summary>
    public double Offset => -Mean / Std;
}
