using ScottPlot;

namespace SplitMnistCheckpointing;

/// <summary>The sweep's plot: one bar per strategy at its mean final accuracy, the standard deviation as an error bar, each seed's run as a dot.</summary>
internal static class SweepPlot
{
    public static byte[] Draw(IReadOnlyList<StrategyStatistics> groups, int width = 800, int height = 500)
    {
        var plot = new Plot();
        var bars = groups.Select((g, i) => new Bar { Position = i, Value = g.Mean, Error = g.StandardDeviation, FillColor = Colors.SteelBlue.WithAlpha(0.6) }).ToList();
        plot.Add.Bars(bars);
        for (int i = 0; i < groups.Count; i++)
        {
            var accuracies = groups[i].Accuracies;
            // Spread the dots a little sideways so that equal accuracies stay visible.
            double[] xs = [.. accuracies.Select((_, k) => i + (accuracies.Count == 1 ? 0 : 0.2 * (k / (accuracies.Count - 1.0) - 0.5)))];
            var dots = plot.Add.ScatterPoints(xs, [.. accuracies]);
            dots.Color = Colors.Black;
            dots.MarkerSize = 7;
        }
        bool severalScenarios = groups.Select(g => g.Scenario).Distinct().Count() > 1;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. groups.Select((g, i) => new Tick(i, severalScenarios ? $"{g.Strategy} ({g.Scenario})" : g.Strategy))]);
        plot.Title($"Final stream accuracy per strategy (bar: mean, whisker: ± 1 std over seeds; dots: runs)");
        plot.YLabel("final stream accuracy");
        plot.XLabel("strategy");
        plot.Axes.SetLimitsY(0, 1.05);
        plot.Axes.SetLimitsX(-0.6, groups.Count - 0.4);
        return plot.GetImage(width, height).GetImageBytes(ImageFormat.Png);
    }
}
