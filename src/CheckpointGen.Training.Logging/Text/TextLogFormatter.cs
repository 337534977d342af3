using System.Globalization;
using System.Text;
using CheckpointGen.Training.Evaluation;
using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Logging.Text;

/// <summary>
/// The lines of Avalanche's TextLogger: phase and experience banners, and after each epoch, evaluation
/// experience and evaluation the metric values collected since the last print, sorted by name.
/// </summary>
[Checkpointable]
public sealed partial class TextLogFormatter
{
    // Flattened metric name → formatted value, collected from every event until the next print.
    private readonly SortedDictionary<string, string> _pending = new(StringComparer.Ordinal);

    /// <summary>The lines to print for <paramref name="strategyEvent"/>, after collecting <paramref name="values"/>.</summary>
    public IReadOnlyList<string> Lines(StrategyEvent strategyEvent, SupervisedTemplate strategy, IReadOnlyList<MetricValue> values)
    {
        foreach (var value in values) Collect(value);
        var lines = new List<string>();
        switch (strategyEvent)
        {
            case StrategyEvent.BeforeTraining: lines.Add("-- >> Start of training phase << --"); break;
            case StrategyEvent.BeforeTrainingExp:
            case StrategyEvent.BeforeEvalExp:
                var experience = strategy.Experience;
                lines.Add($"-- Starting {(strategy.IsTraining ? "training" : "eval")} on experience {experience.CurrentExperience} (Task {experience.TaskLabel}) from {experience.StreamName} stream --");
                break;
            case StrategyEvent.AfterTrainingEpoch:
                lines.Add($"Epoch {strategy.Clock.TrainExpEpochs} ended.");
                Flush(lines);
                break;
            case StrategyEvent.AfterEvalExp:
                lines.Add($"> Eval on experience {strategy.Experience.CurrentExperience} (Task {strategy.Experience.TaskLabel}) from {strategy.Experience.StreamName} stream ended.");
                Flush(lines);
                break;
            case StrategyEvent.AfterTraining: lines.Add("-- >> End of training phase << --"); break;
            case StrategyEvent.BeforeEval: lines.Add("-- >> Start of eval phase << --"); break;
            case StrategyEvent.AfterEval:
                lines.Add("-- >> End of eval phase << --");
                Flush(lines);
                break;
        }
        return lines;
    }

    /// <summary>Avalanche's float format: four decimals.</summary>
    public static string Format(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    private void Collect(MetricValue value)
    {
        if (value.Kind == MetricValueKind.Matrix) _pending[value.Name] = "\n" + FormatMatrix(value.Matrix!);
        else foreach (var (name, scalar) in value.Scalars()) _pending[name] = Format(scalar);
    }

    private void Flush(List<string> lines)
    {
        foreach (var (name, value) in _pending) lines.Add($"\t{name} = {value}");
        _pending.Clear();
    }

    private static string FormatMatrix(double[,] matrix)
    {
        var text = new StringBuilder();
        for (int i = 0; i < matrix.GetLength(0); i++)
        {
            if (i > 0) text.Append('\n');
            text.Append('[');
            for (int j = 0; j < matrix.GetLength(1); j++)
                text.Append(j > 0 ? ", " : "").Append(matrix[i, j].ToString("0.####", CultureInfo.InvariantCulture));
            text.Append(']');
        }
        return text.ToString();
    }
}
