using ScottPlot;

namespace CheckpointGen.Training.Logging.Report;

/// <summary>The PNG plots of the loggers, drawn with ScottPlot.</summary>
public static class Plots
{
    /// <summary>A heatmap of <paramref name="matrix"/> (rows top to bottom) with its values written in the cells.</summary>
    public static byte[] Heatmap(double[,] matrix, string title, string xLabel, string yLabel, int width, int height, string valueFormat = "0.##")
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var plot = new Plot();
        int rows = matrix.GetLength(0), columns = matrix.GetLength(1);
        if (rows > 0 && columns > 0)
        {
            var heatmap = plot.Add.Heatmap(matrix);
            heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
            plot.Add.ColorBar(heatmap);
            double min = double.MaxValue, max = double.MinValue;
            foreach (double v in matrix) if (!double.IsNaN(v)) { min = Math.Min(min, v); max = Math.Max(max, v); }
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < columns; j++)
                {
                    if (double.IsNaN(matrix[i, j])) continue; // not measured: left blank
                    // Row 0 of the matrix is drawn at the top, as confusion and accuracy matrices are read.
                    var label = plot.Add.Text(matrix[i, j].ToString(valueFormat, System.Globalization.CultureInfo.InvariantCulture), j, rows - 1 - i);
                    label.LabelAlignment = Alignment.MiddleCenter;
                    label.LabelFontColor = max > min && (matrix[i, j] - min) / (max - min) > 0.6 ? Colors.Black : Colors.White;
                }
        }
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.Axes.Bottom.TickGenerator = IntegerTicks(columns, i => i.ToString());
        plot.Axes.Left.TickGenerator = IntegerTicks(rows, i => (rows - 1 - i).ToString());
        return plot.GetImage(width, height).GetImageBytes(ImageFormat.Png);
    }

    /// <summary>A line plot with markers of <paramref name="ys"/> over <paramref name="xs"/>, y from 0 to 1.</summary>
    public static byte[] Lines(double[] xs, double[] ys, string title, string xLabel, string yLabel, int width, int height)
    {
        var plot = new Plot();
        if (xs.Length > 0)
        {
            var line = plot.Add.Scatter(xs, ys);
            line.MarkerSize = 8;
            line.LineWidth = 2;
        }
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.Axes.SetLimitsY(0, 1.05);
        if (xs.Length > 0) plot.Axes.SetLimitsX(xs.Min() - 0.5, xs.Max() + 0.5);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(xs.Select(x => new Tick(x, x.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray());
        return plot.GetImage(width, height).GetImageBytes(ImageFormat.Png);
    }

    /// <summary>Width, height and TensorBoard colorspace (1 grey, 2 grey+alpha, 3 RGB, 4 RGBA) read from a PNG's IHDR chunk.</summary>
    public static (int Width, int Height, int Colorspace) PngInfo(ReadOnlySpan<byte> png)
    {
        ReadOnlySpan<byte> signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        if (png.Length < 33 || !png[..8].SequenceEqual(signature) || !png.Slice(12, 4).SequenceEqual("IHDR"u8))
            throw new ArgumentException("Not a PNG image (no signature and IHDR chunk).", nameof(png));
        int width = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png[16..]);
        int height = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png[20..]);
        int colorspace = png[25] switch { 0 => 1, 4 => 2, 2 => 3, 6 => 4, 3 => 4, var t => throw new ArgumentException($"Unknown PNG colour type {t}.", nameof(png)) };
        return (width, height, colorspace);
    }

    private static ScottPlot.TickGenerators.NumericManual IntegerTicks(int count, Func<int, string> label) =>
        new(Enumerable.Range(0, count).Select(i => new Tick(i, label(i))).ToArray());
}
