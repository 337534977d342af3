using System.Globalization;

namespace CheckpointGen.ObjectStorage.Probe;

/// <summary>
/// How much longer one side took than the other, over pairs measured one after the other in one process
/// (<see cref="TimelineCommand"/>, and the asynchronous-checkpoint overhead probe of CheckpointGen.PerfBenchmarks).
/// The ratio of the means is what a throughput ratio inverts; its 95 % interval comes from resampling the pairs (bootstrap),
/// which needs no assumption about the times' distribution. The per-pair median shows what a typical pair did.
/// </summary>
public sealed record PairedRatio(int Pairs, double RatioOfMeans, double Low, double High, double MedianOfRatios)
{
    private const int Resamples = 4000;

    /// <summary>The ratio of <paramref name="measured"/> to <paramref name="baseline"/>, pair by pair in the order measured.</summary>
    public static PairedRatio Of(IReadOnlyList<double> measured, IReadOnlyList<double> baseline)
    {
        if (measured.Count != baseline.Count || measured.Count < 2)
            throw new ArgumentException($"Needs at least two pairs, and as many measured times ({measured.Count}) as baseline times ({baseline.Count}).");
        int n = measured.Count;
        // A fixed seed: the same times give the same interval.
        var random = new Random(20261207);
        var resampled = new double[Resamples];
        for (int r = 0; r < Resamples; r++)
        {
            double a = 0, b = 0;
            for (int i = 0; i < n; i++)
            {
                int pick = random.Next(n);
                a += measured[pick];
                b += baseline[pick];
            }
            resampled[r] = a / b;
        }
        Array.Sort(resampled);
        var ratios = measured.Zip(baseline, (a, b) => a / b).Order().ToArray();
        return new PairedRatio(n, measured.Sum() / baseline.Sum(), resampled[Resamples * 25 / 1000], resampled[Resamples * 975 / 1000], ratios[n / 2]);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"ratio of means {RatioOfMeans:F4} (95 % interval {Low:F4}–{High:F4}, bootstrap over {Pairs} pairs), median of the pairs' ratios {MedianOfRatios:F4}");
}
