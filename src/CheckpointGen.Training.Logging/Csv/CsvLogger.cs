using CheckpointGen.Training.Evaluation;
using CheckpointGen.Training.Logging.Text;
using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Logging.Csv;

/// <summary>
/// Avalanche's CSVLogger: <c>training_results.csv</c> (training_exp, epoch, training_accuracy,
/// val_accuracy, training_loss, val_loss; one row per epoch) and <c>eval_results.csv</c> (eval_exp,
/// training_exp, eval_accuracy, eval_loss, forgetting; one row per evaluated experience) in a folder.
/// </summary>
/// <remarks>
/// Both files are <see cref="ResumableFile"/>s: after a resume the rows written after the restored
/// checkpoint are removed and the header is not repeated, so the files equal those of an
/// uninterrupted run. Missing values print as Avalanche prints them: <c>0</c>, and <c>None</c> for
/// a training experience before any training.
/// </remarks>
[Checkpointable]
public sealed partial class CsvLogger : IMetricLogger, IDisposable
{
    /// <summary>Header of training_results.csv.</summary>
    public const string TrainingHeader = "training_exp,epoch,training_accuracy,val_accuracy,training_loss,val_loss";

    /// <summary>Header of eval_results.csv.</summary>
    public const string EvalHeader = "eval_exp,training_exp,eval_accuracy,eval_loss,forgetting";

    private readonly ResumableFile _trainingFile;
    private readonly ResumableFile _evalFile;
    private int? _trainingExpId;
    private bool? _inTrainPhase;
    private string _valAccuracy = "0";
    private string _valLoss = "0";

    /// <summary>Logs into <paramref name="folder"/> (default <c>csvlogs</c>, created when needed).</summary>
    public CsvLogger(string folder = "csvlogs")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Folder = Path.GetFullPath(folder);
        _trainingFile = new ResumableFile(Path.Combine(Folder, "training_results.csv"));
        _evalFile = new ResumableFile(Path.Combine(Folder, "eval_results.csv"));
    }

    /// <summary>The folder of the two files.</summary>
    [CheckpointIgnore] public string Folder { get; }

    /// <inheritdoc/>
    public void OnEvent(StrategyEvent strategyEvent, SupervisedTemplate strategy, IReadOnlyList<MetricValue> values)
    {
        switch (strategyEvent)
        {
            case StrategyEvent.BeforeTraining: _inTrainPhase = true; break;
            case StrategyEvent.AfterTraining: _inTrainPhase = false; break;
            case StrategyEvent.BeforeEval: _inTrainPhase ??= false; break;
            case StrategyEvent.BeforeTrainingExp: _trainingExpId = strategy.Experience.CurrentExperience; break;
            case StrategyEvent.AfterTrainingEpoch: WriteTrainingRow(strategy, values); break;
            case StrategyEvent.AfterEvalExp: OnEvalExperience(strategy, values); break;
        }
    }

    private void WriteTrainingRow(SupervisedTemplate strategy, IReadOnlyList<MetricValue> values)
    {
        string accuracy = "0", loss = "0";
        foreach (var value in values)
        {
            if (!value.Name.Contains("train_stream", StringComparison.Ordinal) || value.Kind != MetricValueKind.Scalar) continue;
            if (value.Name.StartsWith("Top1_Acc_Epoch", StringComparison.Ordinal)) accuracy = TextLogFormatter.Format(value.Value);
            else if (value.Name.StartsWith("Loss_Epoch", StringComparison.Ordinal)) loss = TextLogFormatter.Format(value.Value);
        }
        Row(_trainingFile, TrainingHeader, TrainingExp, strategy.Clock.TrainExpEpochs.ToString(), accuracy, _valAccuracy, loss, _valLoss);
    }

    private void OnEvalExperience(SupervisedTemplate strategy, IReadOnlyList<MetricValue> values)
    {
        string accuracy = "0", loss = "0", forgetting = "0";
        foreach (var value in values)
        {
            if (value.Kind != MetricValueKind.Scalar) continue;
            string formatted = TextLogFormatter.Format(value.Value);
            if (value.Name.StartsWith("Top1_Acc_Exp", StringComparison.Ordinal)) accuracy = formatted;
            else if (value.Name.StartsWith("Loss_Exp", StringComparison.Ordinal)) loss = formatted;
            else if (value.Name.StartsWith("ExperienceForgetting", StringComparison.Ordinal)) forgetting = formatted;
        }
        if (_inTrainPhase == true)
        {
            // Validation inside training: remembered for the next training row.
            _valAccuracy = accuracy;
            _valLoss = loss;
            return;
        }
        Row(_evalFile, EvalHeader, strategy.Experience.CurrentExperience.ToString(), TrainingExp, accuracy, loss, forgetting);
    }

    private string TrainingExp => _trainingExpId?.ToString() ?? "None";

    private static void Row(ResumableFile file, string header, params string[] cells)
    {
        if (file.CommittedLength == 0) file.Append(header + "\n");
        file.Append(string.Join(",", cells) + "\n");
    }

    /// <summary>Closes the files.</summary>
    public void Dispose()
    {
        _trainingFile.Dispose();
        _evalFile.Dispose();
    }
}
