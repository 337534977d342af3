using CheckpointGen.Benchmarks.Scenarios;
using CheckpointGen.Training.Models;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Templates;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Support;

/// <summary>Builders of small runs of the replay-family strategies on <see cref="SyntheticData"/>, batch and online.</summary>
internal static class RehearsalRuns
{
    /// <summary>Mini-experiences in <see cref="Online"/> runs: 3 experiences of 60 samples cut in 12s.</summary>
    public const int OnlineExperiences = 15;

    public static ResumableRun Der(double beta = 0.5)
    {
        var (benchmark, model) = Runs.Fresh();
        return new(new DER(model, Runs.Sgd(model.parameters()), nn.CrossEntropyLoss(), memSize: 24, batchSizeMem: 8, alpha: 0.3, beta: beta, Runs.Options()), benchmark);
    }

    /// <summary>A run over an online stream: mini-experiences of 12 samples (3 minibatches of 4), one pass each.</summary>
    public static ResumableRun Online(Func<SimpleMlp, optim.Optimizer, TemplateOptions, SupervisedTemplate> strategy)
    {
        var (benchmark, model) = Runs.Fresh();
        var online = OnlineStream.Split(benchmark.TrainStream, experienceSize: 12, seed: 5);
        var built = strategy(model, Runs.Sgd(model.parameters()), new TemplateOptions { TrainMbSize = 4, TrainEpochs = 1, EvalMbSize = 32 });
        return new(built, benchmark, k => built.Train(online[k]));
    }
}
