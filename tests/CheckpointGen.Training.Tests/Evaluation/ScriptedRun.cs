using CheckpointGen.Benchmarks.Scenarios;
using CheckpointGen.Training.Evaluation;
using CheckpointGen.Training.Optimizers;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Templates;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Evaluation;

/// <summary>
/// The scripted continual run the metric tests check by hand: evaluate at initialisation, then train
/// on each experience (2 epochs of 2 minibatches, SGD with lr 0 so the outputs never change) and
/// evaluate the test stream after it. Per stage, the test stream's correct samples per experience are:
/// init [1,0,2], after exp 0 [4,1,0], after exp 1 [2,4,1], after exp 2 [1,3,4] (of 4 each).
/// </summary>
internal sealed class ScriptedRun
{
    public static readonly int[][] TestScript = [[1, 0, 2], [4, 1, 0], [2, 4, 1], [1, 3, 4]];
    // Every training experience has 2 of its 4 samples right, whatever the stage.
    public static readonly int[][] TrainScript = [[2, 2, 2], [2, 2, 2], [2, 2, 2], [2, 2, 2]];

    public ScriptedRun(params PluginMetric[] metrics) : this(metrics, []) { }

    public ScriptedRun(PluginMetric[] metrics, IMetricLogger[] loggers)
    {
        Model = new ScriptedModel(ScriptedStreams.Classes);
        Evaluator = new EvaluationPlugin(metrics, loggers);
        Strategy = new Naive(Model, new GcSafeSgd(Model.parameters(), 0.0), nn.CrossEntropyLoss(), new TemplateOptions
        {
            TrainMbSize = 2,
            TrainEpochs = 2,
            EvalMbSize = 3,
            Evaluator = Evaluator,
        });
        Train = ScriptedStreams.Build("train", TrainScript);
        Test = ScriptedStreams.Build("test", TestScript);
    }

    public ScriptedModel Model { get; }
    public EvaluationPlugin Evaluator { get; }
    public Naive Strategy { get; }
    public ExperienceStream Train { get; }
    public ExperienceStream Test { get; }

    /// <summary>The evaluation at initialisation (stage 0).</summary>
    public IReadOnlyDictionary<string, MetricValue> EvalAtInit()
    {
        Model.Stage = 0;
        return Strategy.Eval(Test);
    }

    /// <summary>Trains on experience <paramref name="experience"/>, then evaluates (stage experience + 1).</summary>
    public IReadOnlyDictionary<string, MetricValue> TrainAndEval(int experience)
    {
        Model.Stage = experience;
        Strategy.Train(Train[experience]);
        Model.Stage = experience + 1;
        return Strategy.Eval(Test);
    }

    /// <summary>The whole run.</summary>
    public ScriptedRun RunAll()
    {
        EvalAtInit();
        for (int e = 0; e < ScriptedStreams.Experiences; e++) TrainAndEval(e);
        return this;
    }

    public double[] Values(string name) => Evaluator.ResultsOf(name).Select(v => v.Value).ToArray();

    public long[] Xs(string name) => Evaluator.ResultsOf(name).Select(v => v.XPosition).ToArray();
}
