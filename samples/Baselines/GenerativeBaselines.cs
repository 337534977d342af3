using CheckpointGen.Benchmarks.Classic;
using CheckpointGen.Training.Optimizers;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Templates;
using static TorchSharp.torch;

namespace Baselines;

/// <summary>
/// Generative replay with continual-learning-baselines' SplitMNIST settings (experiments/split_mnist/generative_replay.py,
/// published 0.75): class-incremental, MLP 2x400 without dropout, Adam 1e-3, batch 16, 10 epochs, 100 replayed samples
/// per minibatch, Avalanche's default VAE generator. The class order is 0..9 (that experiment leaves it to the seed).
/// </summary>
internal static class GenerativeBaselines
{
    private static readonly int[] Digits = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

    public static IReadOnlyList<Baseline> All { get; } =
    [
        new("generative-replay-cil", "SplitMNIST class-IL, GenerativeReplay replay size 100, VAE generator (latent 2, Adam 0.01 weight decay 1e-4): MLP 2x400 no dropout, Adam 1e-3, batch 16, 10 epochs", 0.75,
            () => SplitMnist.Create(5, returnTaskId: false, fixedClassOrder: Digits), quick =>
        {
            var model = new Mlp(10, hiddenSize: 400, hiddenLayers: 2, dropout: 0);
            return new GenerativeReplay(model, new GcSafeAdam(model.parameters(), 1e-3), nn.CrossEntropyLoss(), sampleShape: [1, 28, 28], replaySize: 100,
                options: new TemplateOptions { TrainMbSize = 16, TrainEpochs = quick ? 1 : 10, EvalMbSize = 128 });
        }),
    ];
}
