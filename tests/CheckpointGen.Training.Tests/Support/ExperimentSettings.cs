using CheckpointGen.Benchmarks.Scenarios;
using CheckpointGen.Randomness;
using CheckpointGen.Training.Models;
using CheckpointGen.Training.Plugins.Regularization;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Templates;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Support;

/// <summary>
/// Everything that defines a small run on <see cref="SyntheticData"/>, so that a test can build the
/// run that saved and the same run with one thing changed (experiment identity tests).
/// </summary>
public sealed record ExperimentSettings
{
    public int Seed { get; init; } = 7;
    /// <summary>A fixed class order; null: the seed's shuffle.</summary>
    public int[]? ClassOrder { get; init; }
    public int Experiences { get; init; } = 3;
    /// <summary>Training samples per class (the train limit).</summary>
    public int TrainPerClass { get; init; } = 20;
    /// <summary>Which copy of the training data (another seed is another file with the same shape).</summary>
    public long DatasetSeed { get; init; } = 1;
    public int BatchSize { get; init; } = 16;
    public int Epochs { get; init; } = 1;
    public double LearningRate { get; init; } = 0.05;
    public double Momentum { get; init; } = 0.9;
    public string Device { get; init; } = "cpu";
    /// <summary>naive, replay, gdumb, ewc, si, lwf, gem, agem, mas, lfl.</summary>
    public string Strategy { get; init; } = "naive";
    public int MemorySize { get; init; } = 12;
    /// <summary>The strategy's first coefficient (EWC/SI/MAS/LFL lambda, LwF alpha, GEM memory strength).</summary>
    public double Coefficient { get; init; } = 0.5;
    /// <summary>The strategy's second coefficient (EWC decay, SI eps, LwF temperature, MAS alpha); AGEM's sample size and GEM's patterns are <see cref="MemorySize"/>.</summary>
    public double SecondCoefficient { get; init; } = 0.1;

    /// <summary>Seeds every generator and builds the benchmark and the strategy.</summary>
    internal ResumableRun Build()
    {
        RngManager.SetRandomSeeds(Seed);
        var benchmark = NcBenchmark.Create("synthetic",
            SyntheticData.Make("train", perClass: TrainPerClass, seed: DatasetSeed), SyntheticData.Make("test", perClass: 5, seed: 2),
            Experiences, shuffle: ClassOrder is null, seed: Seed, fixedClassOrder: ClassOrder);
        nn.Module model = Strategy == "lfl" ? new FeatureMlp(inputs: 20, hiddenUnits: 8) // LFL needs the features
            : new SimpleMlp(numClasses: 6, inputSize: 20, hiddenSize: 8, hiddenLayers: 1, dropRate: 0.2);
        var optimizer = optim.SGD(model.parameters(), LearningRate, momentum: Momentum);
        var options = new TemplateOptions { TrainMbSize = BatchSize, TrainEpochs = Epochs, EvalMbSize = 32, Device = torch.device(Device) };
        var criterion = nn.CrossEntropyLoss();
        SupervisedTemplate strategy = Strategy switch
        {
            "naive" => new Naive(model, optimizer, criterion, options),
            "replay" => new Replay(model, optimizer, criterion, MemorySize, options),
            "gdumb" => new GDumb(model, optimizer, criterion, MemorySize, options),
            "ewc" => new EWC(model, optimizer, criterion, Coefficient, EwcMode.Online, SecondCoefficient, options: options),
            "si" => new SynapticIntelligence(model, optimizer, criterion, Coefficient, SecondCoefficient, options),
            "lwf" => new LwF(model, optimizer, criterion, Coefficient, SecondCoefficient * 20, options),
            "gem" => new GEM(model, optimizer, criterion, MemorySize, Coefficient, options),
            "agem" => new AGEM(model, optimizer, criterion, MemorySize, MemorySize, options),
            "mas" => new MAS(model, optimizer, criterion, Coefficient, SecondCoefficient, options),
            "lfl" => new LFL(model, optimizer, criterion, Coefficient, options),
            _ => throw new ArgumentException($"Unknown strategy '{Strategy}'."),
        };
        return new ResumableRun(strategy, benchmark);
    }
}
