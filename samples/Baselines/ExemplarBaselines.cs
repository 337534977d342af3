using CheckpointGen.Benchmarks.Classic;
using CheckpointGen.Training.Optimizers;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Templates;
using static TorchSharp.torch;

namespace Baselines;

/// <summary>
/// The class-incremental exemplar strategies. iCaRL's published figure is on SplitCIFAR-100 only
/// (continual-learning-baselines), so it runs on SplitMNIST with that experiment's memory, optimizer and minibatch
/// size, on an MLP; BiC has no published figure there and runs with the same budget and Avalanche's defaults.
/// Neither reproduces a published figure.
/// </summary>
internal static class ExemplarBaselines
{
    private static readonly int[] Digits = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

    public static IReadOnlyList<Baseline> All { get; } =
    [
        new("icarl-cil", "SplitMNIST class-IL (no published MNIST figure; iCaRL's SplitCIFAR-100 settings): iCaRL fixed memory 2000: MLP 784-400 features (no dropout) + linear 400-10, SGD 0.1 momentum 0.9 weight decay 1e-5, batch 128, 5 epochs",
            null, () => SplitMnist.Create(5, returnTaskId: false, fixedClassOrder: Digits), quick =>
            {
                var features = Mlp.Body(784, 400, 1, dropout: 0, tanh: false);
                var classifier = nn.Linear(400, 10);
                var optimizer = new GcSafeSgd([.. features.parameters(), .. classifier.parameters()], 0.1, momentum: 0.9, weightDecay: 1e-5);
                return new ICaRL(features, classifier, optimizer, memorySize: 2000, fixedMemory: true, totalClasses: 10,
                    options: new TemplateOptions { TrainMbSize = 128, TrainEpochs = quick ? 1 : 5, EvalMbSize = 128 });
            }),
        new("bic-cil", "SplitMNIST class-IL (no published figure in continual-learning-baselines): BiC mem 2000 (10% held out), T 2, stage 2 of 200 epochs at lr 0.1, Avalanche's defaults: SimpleMLP 1x400 dropout 0.5, SGD 0.1 momentum 0.9 weight decay 1e-5, batch 128, 5 epochs",
            null, () => SplitMnist.Create(5, returnTaskId: false, fixedClassOrder: Digits), quick =>
            {
                var model = new Mlp(10, hiddenSize: 400);
                var optimizer = new GcSafeSgd(model.parameters(), 0.1, momentum: 0.9, weightDecay: 1e-5);
                return new BiC(model, optimizer, nn.CrossEntropyLoss(), memSize: 2000, stage2Epochs: quick ? 2 : 200,
                    options: new TemplateOptions { TrainMbSize = 128, TrainEpochs = quick ? 1 : 5, EvalMbSize = 128 });
            }),
    ];
}
