using CheckpointGen.Training.Plugins;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Templates;
using static TorchSharp.torch;

namespace SplitMnistCheckpointing;

/// <summary>Builds the strategy the command line names, with the guide's settings otherwise.</summary>
internal static class StrategyFactory
{
    public static readonly string[] Names = ["naive", "replay", "ewc", "si", "lwf", "gem", "agem", "gdumb"];

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
            _ => throw new ArgumentException($"Unknown strategy '{options.Strategy}'; one of: {string.Join(", ", Names)}."),
        };
    }
}
