using System.Globalization;
using System.Text;
using CheckpointGen.Training.Evaluation;
using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Logging.Report;

/// <summary>
/// After each evaluation (outside training), draws what a person would rather look at than read:
/// <c>stream_accuracy.png</c> (stream accuracy after each trained experience) and
/// <c>accuracy_matrix.png</c> (accuracy on each evaluated experience after each trained one), and
/// writes <c>report.md</c> linking them above the final accuracy table.
/// </summary>
/// <remarks>
/// The tables are checkpointed; the files are rewritten whole after each evaluation, so a resumed
/// run's report is complete from its first evaluation on. Rows are keyed by the last trained
/// experience (−1: before any training).
/// </remarks>
[Checkpointable]
public sealed partial class ReportLogger : IMetricLogger
{
    /// <summary>File name of the stream-accuracy plot.</summary>
    public const string StreamAccuracyFile = "stream_accuracy.png";

    /// <summary>File name of the accuracy-matrix plot.</summary>
    public const string AccuracyMatrixFile = "accuracy_matrix.png";

    /// <summary>File name of the report.</summary>
    public const string ReportFile = "report.md";

    private readonly SortedDictionary<int, SortedDictionary<int, double>> _experienceAccuracy = [];
    private readonly SortedDictionary<int, double> _streamAccuracy = [];
    private int _lastTrainedExperience = -1;
    private bool _inTraining;
    [CheckpointIgnore] private readonly int _width;
    [CheckpointIgnore] private readonly int _height;

    /// <summary>Writes into <paramref name="folder"/> plots of <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    public ReportLogger(string folder = "report", int width = 800, int height = 600)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 64);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 64);
        Folder = Path.GetFullPath(folder);
        _width = width;
        _height = height;
    }

    /// <summary>The folder of the plots and the report.</summary>
    [CheckpointIgnore] public string Folder { get; }

    /// <summary>Accuracy on each evaluated experience, by last trained experience.</summary>
    public IReadOnlyDictionary<int, SortedDictionary<int, double>> ExperienceAccuracy => _experienceAccuracy;

    /// <inheritdoc/>
    public void OnEvent(StrategyEvent strategyEvent, SupervisedTemplate strategy, IReadOnlyList<MetricValue> values)
    {
        switch (strategyEvent)
        {
            case StrategyEvent.BeforeTraining: _inTraining = true; break;
            case StrategyEvent.AfterTraining: _inTraining = false; break;
            case StrategyEvent.BeforeTrainingExp: _lastTrainedExperience = strategy.Experience.CurrentExperience; break;
            case StrategyEvent.AfterEvalExp when !_inTraining:
                foreach (var value in values)
                    if (value.Kind == MetricValueKind.Scalar && value.Name.StartsWith("Top1_Acc_Exp/", StringComparison.Ordinal))
                        Row(_lastTrainedExperience)[strategy.Experience.CurrentExperience] = value.Value;
                break;
            case StrategyEvent.AfterEval when !_inTraining:
                foreach (var value in values)
                    if (value.Kind == MetricValueKind.Scalar && value.Name.StartsWith("Top1_Acc_Stream/", StringComparison.Ordinal))
                        _streamAccuracy[_lastTrainedExperience] = value.Value;
                Write();
                break;
        }
    }

    private SortedDictionary<int, double> Row(int trained)
    {
        if (!_experienceAccuracy.TryGetValue(trained, out var row)) _experienceAccuracy[trained] = row = [];
        return row;
    }

    private void Write()
    {
        Directory.CreateDirectory(Folder);
        var trained = _experienceAccuracy.Keys.ToArray();
        var evaluated = _experienceAccuracy.Values.SelectMany(r => r.Keys).Distinct().Order().ToArray();
        var matrix = new double[trained.Length, evaluated.Length];
        for (int i = 0; i < trained.Length; i++)
            for (int j = 0; j < evaluated.Length; j++)
                matrix[i, j] = _experienceAccuracy[trained[i]].GetValueOrDefault(evaluated[j], double.NaN);
        File.WriteAllBytes(Path.Combine(Folder, AccuracyMatrixFile),
            Plots.Heatmap(matrix, "Accuracy after each experience", "evaluated experience", "trained up to experience", _width, _height, "0.00"));
        File.WriteAllBytes(Path.Combine(Folder, StreamAccuracyFile),
            Plots.Lines([.. _streamAccuracy.Keys.Select(k => (double)k)], [.. _streamAccuracy.Values], "Stream accuracy", "trained up to experience", "Top1_Acc_Stream", _width, _height));
        File.WriteAllText(Path.Combine(Folder, ReportFile), Markdown(trained, evaluated));
    }

    private string Markdown(int[] trained, int[] evaluated)
    {
        static string F(double v) => double.IsNaN(v) ? "–" : v.ToString("0.0000", CultureInfo.InvariantCulture);
        var md = new StringBuilder();
        md.Append("# Evaluation report\n\n");
        md.Append($"![Stream accuracy]({StreamAccuracyFile})\n\n![Accuracy matrix]({AccuracyMatrixFile})\n\n");
        md.Append("## Accuracy per experience (rows: trained up to experience; −1: before training)\n\n");
        md.Append("| trained \\ evaluated | ").Append(string.Join(" | ", evaluated.Select(e => $"Exp{e:000}"))).Append(" | stream |\n");
        md.Append("|---|").Append(string.Concat(evaluated.Select(_ => "---|"))).Append("---|\n");
        foreach (int t in trained)
        {
            md.Append($"| {t} | ");
            md.Append(string.Join(" | ", evaluated.Select(e => F(_experienceAccuracy[t].GetValueOrDefault(e, double.NaN)))));
            md.Append($" | {F(_streamAccuracy.GetValueOrDefault(t, double.NaN))} |\n");
        }
        return md.ToString();
    }
}
