using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Evaluation.Metrics;

/// <summary>How a confusion matrix is normalised (Avalanche's normalize argument).</summary>
public enum ConfusionNormalization
{
    /// <summary>Counts.</summary>
    None,
    /// <summary>Each row (true class) sums to 1.</summary>
    True,
    /// <summary>Each column (predicted class) sums to 1.</summary>
    Pred,
    /// <summary>The whole matrix sums to 1.</summary>
    All,
}

/// <summary>
/// The confusion matrix of an evaluation stream (Avalanche's StreamConfusionMatrix): rows are true
/// classes, columns predicted ones; emitted after each evaluation as a matrix value
/// <c>ConfusionMatrix_Stream/eval_phase/test_stream</c>. Without a class count it grows to the
/// largest label or output width seen.
/// </summary>
[Checkpointable]
public sealed partial class StreamConfusionMatrix : PluginMetric
{
    private readonly int? _numClasses;
    private readonly ConfusionNormalization _normalize;
    private long[,]? _counts;

    /// <summary>Creates the metric.</summary>
    /// <param name="numClasses">Fixed number of classes, or null to grow with the labels seen.</param>
    /// <param name="normalize">Normalisation of the emitted matrix.</param>
    public StreamConfusionMatrix(int? numClasses = null, ConfusionNormalization normalize = ConfusionNormalization.None)
    {
        if (numClasses is < 1) throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, "The number of classes must be at least 1.");
        _numClasses = numClasses;
        _normalize = normalize;
    }

    private StreamConfusionMatrix() : this(null) { }

    /// <inheritdoc/>
    public override string Name => "ConfusionMatrix_Stream";

    /// <summary>The matrix so far (normalised as configured).</summary>
    public double[,] Result()
    {
        var counts = _counts ?? new long[_numClasses ?? 0, _numClasses ?? 0];
        int n = counts.GetLength(0);
        var result = new double[n, n];
        double total = 0;
        var rows = new double[n];
        var columns = new double[n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                total += counts[i, j];
                rows[i] += counts[i, j];
                columns[j] += counts[i, j];
            }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double divisor = _normalize switch
                {
                    ConfusionNormalization.True => rows[i],
                    ConfusionNormalization.Pred => columns[j],
                    ConfusionNormalization.All => total,
                    _ => 1.0,
                };
                result[i, j] = divisor == 0 ? 0.0 : counts[i, j] / divisor; // nan_to_num
            }
        return result;
    }

    /// <inheritdoc/>
    public override void BeforeEval(SupervisedTemplate strategy) => _counts = null;

    /// <inheritdoc/>
    public override void AfterEvalIteration(SupervisedTemplate strategy)
    {
        var predicted = Predictions.Labels(strategy.MbOutput);
        var truth = Predictions.Labels(strategy.MbY);
        long maxLabel = _numClasses is { } fixedCount ? fixedCount - 1 : -1;
        if (_numClasses is null && strategy.MbOutput.dim() > 1) maxLabel = Math.Max(maxLabel, strategy.MbOutput.shape[1] - 1);
        for (int i = 0; i < truth.Length; i++)
        {
            if (truth[i] < 0 || predicted[i] < 0) throw new InvalidOperationException("Confusion matrix labels must be non-negative.");
            if (_numClasses is { } count && (truth[i] >= count || predicted[i] >= count))
                throw new InvalidOperationException($"Label {Math.Max(truth[i], predicted[i])} does not fit a {count}-class confusion matrix.");
            maxLabel = Math.Max(maxLabel, Math.Max(truth[i], predicted[i]));
        }
        Grow(checked((int)maxLabel + 1));
        for (int i = 0; i < truth.Length; i++) _counts![truth[i], predicted[i]]++;
    }

    /// <inheritdoc/>
    public override void AfterEval(SupervisedTemplate strategy) =>
        Emit(MetricValue.OfMatrix(MetricNames.ForStream(Name, strategy), Result(), strategy.Clock.TrainIterations));

    private void Grow(int size)
    {
        if (_counts is not null && _counts.GetLength(0) >= size) return;
        var grown = new long[size, size];
        if (_counts is not null)
            for (int i = 0; i < _counts.GetLength(0); i++)
                for (int j = 0; j < _counts.GetLength(1); j++) grown[i, j] = _counts[i, j];
        _counts = grown;
    }
}
