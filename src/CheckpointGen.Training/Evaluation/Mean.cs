namespace CheckpointGen.Training.Evaluation;

/// <summary>A weighted running mean (Avalanche's Mean): 0 until something is added.</summary>
[Checkpointable]
public sealed partial class Mean
{
    /// <summary>Sum of value × weight.</summary>
    public double Summed { get; private set; }

    /// <summary>Sum of weights.</summary>
    public double Weight { get; private set; }

    /// <summary>Adds <paramref name="value"/> with <paramref name="weight"/>.</summary>
    public void Update(double value, double weight = 1.0)
    {
        Summed += value * weight;
        Weight += weight;
    }

    /// <summary>The mean, or 0 when empty.</summary>
    public double Result() => Weight == 0.0 ? 0.0 : Summed / Weight;

    /// <summary>Empties the mean.</summary>
    public void Reset() => (Summed, Weight) = (0.0, 0.0);
}
