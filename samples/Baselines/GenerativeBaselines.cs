using CheckpointGen.Benchmarks.Classic;
using CheckpointGen.Training.Optimizers;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Templates;
using static TorchSharp.torch;

namespace Baselines;

/// <summary>
/// Generative replay with continual-learning-baselines' SplitMNIST settings (experiments/split_mnist/generative_replay.py,
/// published 0.75): class-incremental, MLP 2x400 without dropout, Adam 1e-3, batch 16, 10 epochs, 100 replayed samples
/// per minibatch, Avalanche's default VAE generator, and what that experiment got without naming it (docs/baselines.md):
/// the class order its seed 0 draws and fresh optimizer state at every experience (Avalanche up to 0.4).
/// </summary>
internal static class GenerativeBaselines
{
    /// <summary>Avalanche's SplitMNIST order under the test's <c>set_seed(0)</c>: <c>torch.randperm(10)</c> after <c>torch.manual_seed(0)</c>.</summary>
    private static readonly int[] SeedZeroClassOrder = [4, 1, 7, 5, 3, 9, 0, 8, 6, 2];

    public static IReadOnlyList<Baseline> All { get; } =
    [
        new("generative-replay-cil", "SplitMNIST class-IL (seed 0's class order), GenerativeReplay replay size 100, VAE generator (latent 2, Adam 0.01 weight decay 1e-4): MLP 2x400 no dropout, Adam 1e-3, batch 16, 10 epochs, optimizers reset per experience", 0.75,
            () => SplitMnist.Create(5, returnTaskId: false, fixedClassOrder: SeedZeroClassOrder), quick =>
        {
            var model = new Mlp(10, hiddenSize: 400, hiddenLayers: 2, dropout: 0);
            Func<IEnumerable<TorchSharp.Modules.Parameter>, optim.Optimizer> adam = parameters => new GcSafeAdam(parameters, 1e-3);
            return new GenerativeReplay(model, adam(model.parameters()), nn.CrossEntropyLoss(), sampleShape: [1, 28, 28], replaySize: 100,
                options: new TemplateOptions { TrainMbSize = 16, TrainEpochs = quick ? 1 : 10, EvalMbSize = 128, OptimizerFactory = adam },
                resetOptimizers: true);
        }),
    ];
}
