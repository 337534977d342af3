using CheckpointGen.Training.Models;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Templates;
using static TorchSharp.torch;

namespace SplitMnistCheckpointing;

/// <summary>
/// The class-incremental exemplar strategies (iCaRL, BiC), with Avalanche's settings and the memory of --replay samples.
/// iCaRL splits the sample's SimpleMLP into its feature extractor (the hidden block) and its classifier.
/// </summary>
internal static class ExemplarStrategies
{
    public static readonly string[] Names = ["icarl", "bic"];

    public static SupervisedTemplate Create(SampleOptions options, nn.Module model, optim.Optimizer optimizer, TemplateOptions template)
    {
        var mlp = (SimpleMlp)model;   // class-incremental only (StrategyFactory.ClassIncrementalOnly): one head
        return options.Strategy switch
        {
            // Class means for all of SplitMNIST's classes from the first experience, as Avalanche sizes them for the benchmark.
            "icarl" => new ICaRL(FeatureExtractor(mlp), mlp.Classifier, optimizer, memorySize: StrategyFactory.Memory(options), fixedMemory: true,
                totalClasses: 10, options: template),
            // Avalanche's defaults but a stage 2 of 20 epochs (the sample's validation memory is 10% of --replay).
            "bic" => new BiC(mlp, optimizer, nn.CrossEntropyLoss(), memSize: StrategyFactory.Memory(options), stage2Epochs: 20, options: template),
            _ => throw new ArgumentException($"Unknown exemplar strategy '{options.Strategy}'."),
        };
    }

    /// <summary>The SimpleMLP's input flattened and run through its hidden block.</summary>
    private static nn.Module<Tensor, Tensor> FeatureExtractor(SimpleMlp mlp) => nn.Sequential(("flatten", nn.Flatten()), ("features", mlp.Features));
}
