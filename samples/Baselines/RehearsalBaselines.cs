using CheckpointGen.Benchmarks.Classic;
using CheckpointGen.Training.Optimizers;
using CheckpointGen.Training.Plugins;
using CheckpointGen.Training.Storage;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Templates;
using TorchSharp;
using static TorchSharp.torch;

namespace Baselines;

/// <summary>
/// The replay family and online learning. MIR, GSS, online replay and CoPE have published SplitMNIST / PermutedMNIST
/// figures (continual-learning-baselines' experiments, settings copied); ER-ACE and ER-AML have published figures on
/// CIFAR only, DER none, so they run on SplitMNIST with settings in the same spirit and reproduce no published figure.
/// </summary>
internal static class RehearsalBaselines
{
    private static readonly int[] Digits = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

    // continual-learning-baselines' online experiments: minibatches of 10, one pass, drop_last, eval minibatches of 64.
    private static TemplateOptions Online() => new() { TrainMbSize = 10, TrainEpochs = 1, EvalMbSize = 64, DropLast = true };

    // ER-ACE / ER-AML's CIFAR-10 settings (minibatches of 10, one epoch, drop_last), on MNIST.
    private static TemplateOptions Batch10() => new() { TrainMbSize = 10, TrainEpochs = 1, EvalMbSize = 64, DropLast = true };

    private static nn.Module<Tensor, Tensor, Tensor> CrossEntropy() => nn.CrossEntropyLoss();

    private static optim.Optimizer Sgd(nn.Module model, double lr) => new GcSafeSgd(model.parameters(), lr);

    // SplitMNIST(5, seed=0) with the class order that seed draws, 5% of each experience held out, 1000 random samples kept.
    private static CheckpointGen.Benchmarks.Scenarios.ContinualBenchmark MirSplit() =>
        BenchmarkCuts.Restrict(BenchmarkCuts.WithoutValidation(SplitMnist.Create(5, returnTaskId: false, seed: 0), 0.05), 1000);

    private static CheckpointGen.Benchmarks.Scenarios.ContinualBenchmark MirPermuted() =>
        BenchmarkCuts.Restrict(BenchmarkCuts.WithoutValidation(PermutedMnist.Create(10, seed: 0), 0.05), 1000);

    private static CheckpointGen.Benchmarks.Scenarios.ContinualBenchmark SplitClassIL() => SplitMnist.Create(5, returnTaskId: false, fixedClassOrder: Digits);

    private static MIR Mir()
    {
        var model = new Mlp(10, hiddenSize: 400);
        return new MIR(model, Sgd(model, 0.05), CrossEntropy(), batchSizeMem: 10, memSize: 500, subsample: 50, Online());
    }

    public static IReadOnlyList<Baseline> All { get; } =
    [
        new("mir-smnist", "SplitMNIST class-IL online (seed 0 class order, 5% held out, 1000 samples per experience, mini-experiences of 10), MIR mem 500, subsample 50, 10 replayed: SimpleMLP 1x400 dropout 0.5, SGD 0.05, batch 10",
            0.87, MirSplit, _ => Mir(), OnlineExperienceSize: 10),
        new("mir-pmnist", "PermutedMNIST 10 experiences online (5% held out, 1000 samples per experience, mini-experiences of 10), MIR mem 500, subsample 50, 10 replayed: SimpleMLP 1x400 dropout 0.5, SGD 0.05, batch 10",
            0.80, MirPermuted, _ => Mir(), OnlineExperienceSize: 10),
        new("online-replay-smnist", "SplitMNIST class-IL online (classes 0..9 in order, 5% held out, mini-experiences of 10), Naive + Replay 1000 in a class-balanced buffer: SimpleMLP 1x512 dropout 0.5, SGD 0.1, batch 10",
            0.92, () => BenchmarkCuts.WithoutValidation(SplitMnist.Create(5, returnTaskId: false, seed: 0, fixedClassOrder: Digits), 0.05), _ =>
            {
                var model = new Mlp(10, hiddenSize: 512);
                var options = Online().WithStrategyPlugin(new ReplayPlugin(1000, new ClassBalancedBuffer(1000, adaptiveSize: true)));
                return new Naive(model, Sgd(model, 0.1), CrossEntropy(), options);
            }, OnlineExperienceSize: 10),
        new("cope-smnist", "SplitMNIST class-IL online (classes 0..9 in order, mini-experiences of 10), CoPE mem 2000, alpha 0.99, T 0.1, one minibatch per mini-experience: MLP 784-400-400-32 (the 32-feature embedding, no dropout), SGD 0.01, batch 10",
            0.93, SplitClassIL, _ =>
            {
                var model = new Mlp(32, hiddenSize: 400, hiddenLayers: 2, dropout: 0);
                return new CoPE(model, Sgd(model, 0.01), memSize: 2000, numClasses: 10, prototypeSize: 32, alpha: 0.99, temperature: 0.1,
                    options: new TemplateOptions { TrainMbSize = 10, TrainEpochs = 1, EvalMbSize = 100 });
            }, OnlineExperienceSize: 10),
        new("gss-smnist", "SplitMNIST class-IL (seed 1 class order, 1000 random samples per experience), GSS-greedy mem 300, strength 10: MLP 784-100-100-10, SGD 0.05, batch 10, 3 epochs",
            0.78, () => BenchmarkCuts.Restrict(SplitMnist.Create(5, returnTaskId: false, seed: 1), 1000), quick =>
            {
                var model = new Mlp(10, hiddenSize: 100, hiddenLayers: 2, dropout: 0);
                return new GssGreedy(model, Sgd(model, 0.05), CrossEntropy(), memSize: 300, memStrength: 10, inputSize: null,
                    options: new TemplateOptions { TrainMbSize = 10, TrainEpochs = quick ? 1 : 3, EvalMbSize = 10 });
            }),
        new("er-ace-cil", "SplitMNIST class-IL (no published MNIST figure; ER-ACE's CIFAR-10 settings): ER-ACE mem 1000, 10 replayed: SimpleMLP 1x400 dropout 0.5, SGD 0.1, batch 10, 1 epoch",
            null, SplitClassIL, _ =>
            {
                var model = new Mlp(10, hiddenSize: 400);
                return new ErAce(model, Sgd(model, 0.1), CrossEntropy(), memSize: 1000, batchSizeMem: 10, Batch10());
            }),
        new("er-ace-online-smnist", "SplitMNIST class-IL online (no published MNIST figure; online ER-ACE's CIFAR-10 settings, mini-experiences of 10): ER-ACE mem 1000, 10 replayed: SimpleMLP 1x400 dropout 0.5, SGD 0.1, batch 10",
            null, SplitClassIL, _ =>
            {
                var model = new Mlp(10, hiddenSize: 400);
                return new ErAce(model, Sgd(model, 0.1), CrossEntropy(), memSize: 1000, batchSizeMem: 10, Online());
            }, OnlineExperienceSize: 10),
        new("er-aml-cil", "SplitMNIST class-IL (no published MNIST figure; ER-AML's CIFAR-10 settings): ER-AML mem 1000, 10 replayed, temperature 0.1: SimpleMLP 1x400 dropout 0.5 (features: its hidden layer), SGD 0.1, batch 10, 1 epoch",
            null, SplitClassIL, _ =>
            {
                var model = new Mlp(10, hiddenSize: 400);
                return new ErAml(model, Sgd(model, 0.1), CrossEntropy(), featureExtractor: null, memSize: 1000, batchSizeMem: 10, temperature: 0.1, options: Batch10());
            }),
        new("der-cil", "SplitMNIST class-IL (no published figure in continual-learning-baselines; the DER paper's Seq-MNIST setup): DER mem 500, alpha 0.3, 10 replayed: MLP 784-100-100-10, SGD 0.03, batch 10, 1 epoch",
            null, SplitClassIL, _ =>
            {
                var model = new Mlp(10, hiddenSize: 100, hiddenLayers: 2, dropout: 0);
                return new DER(model, Sgd(model, 0.03), CrossEntropy(), memSize: 500, batchSizeMem: 10, alpha: 0.3, beta: 0, Batch10());
            }),
        new("derpp-cil", "SplitMNIST class-IL (no published figure in continual-learning-baselines; the DER paper's Seq-MNIST setup): DER++ mem 500, alpha 0.2, beta 1, 10 replayed: MLP 784-100-100-10, SGD 0.03, batch 10, 1 epoch",
            null, SplitClassIL, _ =>
            {
                var model = new Mlp(10, hiddenSize: 100, hiddenLayers: 2, dropout: 0);
                return new DER(model, Sgd(model, 0.03), CrossEntropy(), memSize: 500, batchSizeMem: 10, alpha: 0.2, beta: 1, Batch10());
            }),
    ];
}
