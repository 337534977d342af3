using CheckpointGen.Training.Models;
using CheckpointGen.Training.Plugins;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Templates;
using static TorchSharp.torch;

namespace SplitMnistCheckpointing;

/// <summary>Builds the strategy the command line names, with the guide's settings otherwise.</summary>
internal static class StrategyFactory
{
    public static readonly string[] Names = ["naive", "replay", "ewc", "si", "lwf", "gem", "agem", "gdumb", "der", "der++", "er-ace", "er-aml", "mir", "gss",
        "from-scratch", "rwalk", "cope", "generative-replay",
        .. ExemplarStrategies.Names];

    /// <summary>The strategies that need --scenario class (they do not use task labels and predict over all classes); the command line refuses them with --scenario task, so they get the single-head SimpleMLP.</summary>
    public static readonly string[] ClassIncrementalOnly = ["cope", "generative-replay", .. ExemplarStrategies.Names];

    public static SupervisedTemplate Create(SampleOptions options, nn.Module model, optim.Optimizer optimizer, TemplateOptions template)
    {
        var criterion = nn.CrossEntropyLoss();
        return options.Strategy switch
        {
            // The guide: Naive with a ReplayPlugin(mem_size=500) among its plugins.
            "naive" => new Naive(model, optimizer, criterion,
                options.Replay > 0 ? template.WithStrategyPlugin(new ReplayPlugin(options.Replay)) : template),
            "replay" => new Replay(model, optimizer, criterion, memSize: Math.Max(options.Replay, 1), template),
            "gdumb" => new GDumb(model, optimizer, criterion, memSize: Math.Max(options.Replay, 1), template),
            // Regularization and projection strategies with the settings of Avalanche's examples.
            "ewc" => new EWC(model, optimizer, criterion, ewcLambda: 0.4, options: template),
            "si" => new SynapticIntelligence(model, optimizer, criterion, siLambda: 1.0, eps: 0.1, options: template),
            "lwf" => new LwF(model, optimizer, criterion, alpha: 1.0, temperature: 2.0, options: template),
            "gem" => new GEM(model, optimizer, criterion, patternsPerExp: 256, memoryStrength: 0.5, options: template),
            "agem" => new AGEM(model, optimizer, criterion, patternsPerExp: 256, sampleSize: 256, options: template),
            // The replay family with Avalanche's defaults, the memory of --replay samples.
            "der" => new DER(model, optimizer, criterion, memSize: Memory(options), alpha: 0.1, beta: 0, options: template),
            "der++" => new DER(model, optimizer, criterion, memSize: Memory(options), alpha: 0.1, beta: 0.5, options: template),
            "er-ace" => new ErAce(model, optimizer, criterion, memSize: Memory(options), batchSizeMem: 10, template),
            "er-aml" => new ErAml(model, optimizer, criterion, Features(model), memSize: Memory(options), batchSizeMem: 10, options: template),
            "mir" => new MIR(model, optimizer, criterion, batchSizeMem: 10, memSize: Memory(options), subsample: 50, template),
            "gss" => new GssGreedy(model, optimizer, criterion, memSize: Memory(options), memStrength: 5, options: template),
            // From-scratch training, RWalk, CoPE and generative replay with Avalanche's defaults.
            "from-scratch" => new FromScratchTraining(model, optimizer, criterion, options: template),
            "rwalk" => new RWalk(model, optimizer, criterion, ewcLambda: 0.1, ewcAlpha: 0.9, deltaT: 10, options: template),
            "cope" => Cope(options, model, optimizer, template),
            // A VAE generator (latent size 2) trained after each experience; task-free, so class-incremental only.
            "generative-replay" => new GenerativeReplay(model, optimizer, criterion, sampleShape: [1, 28, 28], options: template),
            _ when ExemplarStrategies.Names.Contains(options.Strategy) => ExemplarStrategies.Create(options, model, optimizer, template),
            _ => throw new ArgumentException($"Unknown strategy '{options.Strategy}'; one of: {string.Join(", ", Names)}."),
        };
    }

    internal static int Memory(SampleOptions options) => Math.Max(options.Replay, 1);

    /// <summary>
    /// CoPE with Avalanche's defaults and the SimpleMLP's 10 outputs as the embedding (as Avalanche's own CoPE test):
    /// online, one minibatch per mini-experience (Avalanche's max_it_cnt); otherwise whole experiences.
    /// </summary>
    private static CoPE Cope(SampleOptions options, nn.Module model, optim.Optimizer optimizer, TemplateOptions template) =>
        new((SimpleMlp)model, optimizer, memSize: Memory(options), numClasses: 10, prototypeSize: 10, maxIterations: options.Online > 0 ? 1 : 0, options: template);

    /// <summary>The hidden features of the sample's SimpleMLP (ER-AML compares them), multi-head or not.</summary>
    private static Func<Tensor, Tensor> Features(nn.Module model) => model switch
    {
        MultiTaskModel multiTask => multiTask.Backbone.call,
        SimpleMlp mlp => x => mlp.Features.call(x.reshape(x.shape[0], mlp.InputSize)),
        _ => throw new ArgumentException($"ER-AML needs the features of a {model.GetType().Name}."),
    };
}
