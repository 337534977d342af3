using CheckpointGen.Randomness;
using CheckpointGen.Training.Optimizers;
using CheckpointGen.Training.Plugins.Projection;
using CheckpointGen.Training.Plugins.Regularization;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Templates;
using CheckpointGen.Training.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Compatibility;

/// <summary>
/// One strategy of each regularization and projection family and the random generators, each trained
/// one experience: the root of the checkpoint files kept in Compatibility/Files, written by earlier versions.
/// </summary>
[Checkpointable]
internal sealed partial class PluginsRoot
{
    private static readonly TemplateOptions Options = new() { TrainMbSize = 8, TrainEpochs = 1, EvalMbSize = 32 };

    public SupervisedTemplate? Ewc { get; set; }
    public SupervisedTemplate? Si { get; set; }
    public SupervisedTemplate? Mas { get; set; }
    public SupervisedTemplate? Lwf { get; set; }
    public SupervisedTemplate? Gem { get; set; }
    public SupervisedTemplate? Agem { get; set; }
    public RngRegistry? Rng { get; set; }

    /// <summary>The strategies built from seed 7, untrained.</summary>
    public static PluginsRoot Build()
    {
        torch.manual_seed(7);
        RngManager.SetRandomSeeds(7);
        return new PluginsRoot
        {
            Ewc = Make((m, o, c) => new EWC(m, o, c, ewcLambda: 5, options: Options)),
            Si = Make((m, o, c) => new SynapticIntelligence(m, o, c, siLambda: 1, eps: 0.1, options: Options)),
            Mas = Make((m, o, c) => new MAS(m, o, c, lambdaReg: 1, alpha: 0.5, Options)),
            Lwf = Make((m, o, c) => new LwF(m, o, c, [0, 0.5, 1.333], temperature: 2, Options)),
            Gem = Make((m, o, c) => new GEM(m, o, c, patternsPerExp: 10, memoryStrength: 0.5, Options)),
            Agem = Make((m, o, c) => new AGEM(m, o, c, patternsPerExp: 10, sampleSize: 6, Options)),
            Rng = RngManager.Default,
        };
    }

    public IEnumerable<(string Name, SupervisedTemplate Strategy)> Strategies =>
        [("ewc", Ewc!), ("si", Si!), ("mas", Mas!), ("lwf", Lwf!), ("gem", Gem!), ("agem", Agem!)];

    private static SupervisedTemplate Make(Func<FeatureMlp, optim.Optimizer, nn.Module<Tensor, Tensor, Tensor>, SupervisedTemplate> strategy)
    {
        var model = new FeatureMlp();
        return strategy(model, new GcSafeAdam(model.parameters(), 0.01), nn.CrossEntropyLoss());
    }
}
