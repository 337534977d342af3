using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Optimizers;

/// <summary>
/// The held Scalars of the Adam family's moment update (exp_avg ← β₁·exp_avg + (1−β₁)·g,
/// exp_avg_sq ← β₂·exp_avg_sq + (1−β₂)·g·g'), created once per step and disposed after it.
/// </summary>
internal sealed class AdamMoments(double beta1, double beta2) : IDisposable
{
    private readonly Scalar _beta1 = beta1.ToScalar();
    private readonly Scalar _beta2 = beta2.ToScalar();
    private readonly Scalar _oneMinusBeta1 = (1 - beta1).ToScalar();
    private readonly Scalar _oneMinusBeta2 = (1 - beta2).ToScalar();

    /// <summary>Updates both moments in place; <paramref name="gradientFactor"/> is the second factor of the squared term (g itself, or its conjugate).</summary>
    public void Update(Tensor average, Tensor averageSquared, Tensor gradient, Tensor gradientFactor)
    {
        average.mul_(_beta1).add_(gradient, _oneMinusBeta1);
        averageSquared.mul_(_beta2).addcmul_(gradient, gradientFactor, _oneMinusBeta2);
    }

    public void Dispose()
    {
        _beta1.Dispose();
        _beta2.Dispose();
        _oneMinusBeta1.Dispose();
        _oneMinusBeta2.Dispose();
    }
}
