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
    /// <summary>
    /// Mini-experiences the online resume tests train (of the 15 in <see cref="Online"/> runs: 3 experiences of 60
    /// samples cut in 12s): the first experience's five and three of the second's, replay active from the second.
    /// </summary>
    public const int OnlineExperiences = 8;

    public static ResumableRun Der(double beta = 0.5)
    {
        var (benchmark, model) = Runs.Fresh();
        return new(new DER(model, Runs.Sgd(model.parameters()), nn.CrossEntropyLoss(), memSize: 24, batchSizeMem: 8, alpha: 0.3, beta: beta, Runs.Options()), benchmark);
    }

    public static ResumableRun ErAce()
    {
        var (benchmark, model) = Runs.Fresh();
        return new(new ErAce(model, Runs.Sgd(model.parameters()), nn.CrossEntropyLoss(), memSize: 24, batchSizeMem: 6, Runs.Options()), benchmark);
    }

    public static ResumableRun ErAml()
    {
        var (benchmark, model) = Runs.Fresh();
        return new(new ErAml(model, Runs.Sgd(model.parameters()), nn.CrossEntropyLoss(), Features(model), memSize: 120, batchSizeMem: 6, options: Runs.Options()), benchmark);
    }

    public static ResumableRun Mir()
    {
        var (benchmark, model) = Runs.Fresh();
        return new(new MIR(model, Runs.Sgd(model.parameters()), nn.CrossEntropyLoss(), batchSizeMem: 4, memSize: 24, subsample: 10, Runs.Options()), benchmark);
    }

    public static ResumableRun Gss()
    {
        var (benchmark, model) = Runs.Fresh();
        return new(new GssGreedy(model, Runs.Sgd(model.parameters()), nn.CrossEntropyLoss(), memSize: 40, memStrength: 3, inputSize: [20], batchSizeMem: 6, options: Runs.Options()), benchmark);
    }

    /// <summary>CoPE on whole experiences (no iteration cap) with a 6-feature embedding; prototypes for all 6 classes, or made as classes appear.</summary>
    public static ResumableRun Cope(bool adaptivePrototypes = false)
    {
        var (benchmark, model) = Runs.Fresh();
        return new(new CoPE(model, Runs.Sgd(model.parameters()), memSize: 24, numClasses: 6, prototypeSize: 6, alpha: 0.9, maxIterations: 0,
            adaptivePrototypes: adaptivePrototypes, options: Runs.Options()), benchmark);
    }

    /// <summary>CoPE on an <see cref="Online"/> stream, <paramref name="maxIterations"/> minibatches per mini-experience.</summary>
    public static ResumableRun CopeOnline(int maxIterations = 1) => Online((model, optimizer, options) =>
        new CoPE(model, optimizer, memSize: 18, numClasses: 6, prototypeSize: 6, alpha: 0.9, maxIterations: maxIterations, options: options));

    /// <summary>CoPE's prototypes, for <see cref="ResumeHarness"/> to compare beside the model.</summary>
    public static IEnumerable<(string Name, Tensor Value)> Prototypes(SupervisedTemplate strategy)
    {
        var prototypes = ((CoPE)strategy).Plugin.Prototypes;
        return prototypes.Classes.Select(c => ($"prototype {c}", prototypes[c]));
    }

    /// <summary>Generative replay with Avalanche's default generator (a VAE with a 2-dimensional latent space) over the 20 features.</summary>
    public static ResumableRun GenerativeReplay()
    {
        var (benchmark, model) = Runs.Fresh();
        return new(new GenerativeReplay(model, Runs.Sgd(model.parameters()), nn.CrossEntropyLoss(), sampleShape: [20], options: Runs.Options()), benchmark);
    }

    /// <summary>Generative replay with fresh optimizer state for the solver and the generator at every experience (Avalanche up to 0.4).</summary>
    public static ResumableRun GenerativeReplayResettingOptimizers()
    {
        var (benchmark, model) = Runs.Fresh();
        return new(new GenerativeReplay(model, Runs.Sgd(model.parameters()), nn.CrossEntropyLoss(), sampleShape: [20], options: Runs.Options(Runs.Sgd), resetOptimizers: true), benchmark);
    }

    /// <summary>The hidden features of a <see cref="SimpleMlp"/> (what ER-AML compares).</summary>
    public static Func<Tensor, Tensor> Features(SimpleMlp model) => x => model.Features.call(x.reshape(x.shape[0], model.InputSize));

    /// <summary>A run over an online stream: mini-experiences of 12 samples (minibatches of <paramref name="batchSize"/>), one pass each.</summary>
    public static ResumableRun Online(Func<SimpleMlp, optim.Optimizer, TemplateOptions, SupervisedTemplate> strategy, int batchSize = 4)
    {
        var (benchmark, model) = Runs.Fresh();
        var online = OnlineStream.Split(benchmark.TrainStream, experienceSize: 12, seed: 5);
        var built = strategy(model, Runs.Sgd(model.parameters()), new TemplateOptions { TrainMbSize = batchSize, TrainEpochs = 1, EvalMbSize = 32 });
        return new(built, benchmark, k => built.Train(online[k]));
    }
}
