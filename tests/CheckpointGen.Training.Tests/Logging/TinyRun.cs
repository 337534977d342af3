using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Benchmarks.Scenarios;
using CheckpointGen.Training.Evaluation.Metrics;
using CheckpointGen.Training.Evaluation;
using CheckpointGen.Training.Logging.Csv;
using CheckpointGen.Training.Logging.Interactive;
using CheckpointGen.Training.Logging.Report;
using CheckpointGen.Training.Logging.TensorBoard;
using CheckpointGen.Training.Logging.Text;
using CheckpointGen.Training.Optimizers;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Templates;
using CheckpointGen.Training.Torch;
using Spectre.Console;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Logging;

/// <summary>
/// A small real run for the logger tests: a linear classifier learning 3 experiences of 2 Gaussian
/// classes each (SGD), evaluated on the test stream after every experience, with every logger.
/// Built the same way for a fresh run and for a resumed one.
/// </summary>
internal sealed class TinyRun : IDisposable
{
    public const int Experiences = 3;
    public const int PlotWidth = 640;
    public const int PlotHeight = 480;

    public TinyRun(string directory)
    {
        Directory = directory;
        manual_seed(0);
        var model = nn.Linear(4, 6);
        Console = new StringWriter();
        Text = new TextLogger(Path.Combine(directory, "log.txt"));
        Csv = new CsvLogger(Path.Combine(directory, "csv"));
        TensorBoard = new TensorBoardLogger(Path.Combine(directory, "tb"), imageWidth: 320, imageHeight: 240);
        Report = new ReportLogger(Path.Combine(directory, "report"), PlotWidth, PlotHeight);
        Interactive = new InteractiveLogger(AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Console),
        }));
        Evaluator = new EvaluationPlugin(
            [
                new MinibatchAccuracy(), new EpochAccuracy(), new ExperienceAccuracy(), new StreamAccuracy(),
                new EpochLoss(), new ExperienceLoss(), new StreamLoss(),
                new ExperienceForgetting(), new StreamForgetting(), new AverageMeanClassAccuracy(),
                new StreamConfusionMatrix(), new StreamClassAccuracy(), new EpochTime(),
            ],
            [Text, Csv, TensorBoard, Report, Interactive]);
        Strategy = new Naive(model, new GcSafeSgd(model.parameters(), 0.1), nn.CrossEntropyLoss(), new TemplateOptions
        {
            TrainMbSize = 4,
            TrainEpochs = 2,
            EvalMbSize = 8,
            Evaluator = Evaluator,
        });
        (Train, Test) = Streams();
    }

    public string Directory { get; }
    public StringWriter Console { get; }
    public TextLogger Text { get; }
    public CsvLogger Csv { get; }
    public TensorBoardLogger TensorBoard { get; }
    public ReportLogger Report { get; }
    public InteractiveLogger Interactive { get; }
    public EvaluationPlugin Evaluator { get; }
    public Naive Strategy { get; }
    public ExperienceStream Train { get; }
    public ExperienceStream Test { get; }

    public void TrainAndEval(int experience)
    {
        Strategy.Train(Train[experience]);
        Strategy.Eval(Test);
    }

    /// <summary>Two classes per experience, 12 training and 6 test samples per class, around fixed centres.</summary>
    private static (ExperienceStream Train, ExperienceStream Test) Streams()
    {
        using var generator = new Generator(1234);
        var centres = randn([6, 4], generator: generator).Times(2);
        ExperienceStream Build(string name, int perClass)
        {
            var experiences = new List<Experience>();
            for (int e = 0; e < Experiences; e++)
            {
                int[] classes = [2 * e, 2 * e + 1];
                var labels = classes.SelectMany(c => Enumerable.Repeat((long)c, perClass)).ToArray();
                var targets = tensor(labels);
                var inputs = centres.index_select(0, targets).Plus(randn([labels.Length, 4], generator: generator));
                var dataset = new TensorDataset($"{name}-{e}", name, inputs, targets);
                experiences.Add(new Experience(name, e, dataset.All, taskLabel: 0, classes: classes));
            }
            return new ExperienceStream(name, experiences);
        }
        return (Build("train", 12), Build("test", 6));
    }

    public void Dispose()
    {
        Text.Dispose();
        Csv.Dispose();
        TensorBoard.Dispose();
        Interactive.Dispose();
    }
}
