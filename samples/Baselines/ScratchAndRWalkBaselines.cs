using CheckpointGen.Benchmarks.Classic;
using CheckpointGen.Training.Optimizers;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Templates;
using TorchSharp;
using static TorchSharp.torch;

namespace Baselines;

/// <summary>
/// RWalk with continual-learning-baselines' SplitMNIST settings (experiments/split_mnist/rwalk.py, published 0.99), and
/// from-scratch training, which has no published figure, with the checkpointing guide's class-incremental settings.
/// </summary>
internal static class ScratchAndRWalkBaselines
{
    private static readonly int[] Digits = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

    private static optim.Optimizer Adam(IEnumerable<TorchSharp.Modules.Parameter> parameters) => new GcSafeAdam(parameters, 1e-3);

    private static optim.Optimizer GuideSgd(IEnumerable<TorchSharp.Modules.Parameter> parameters) => new GcSafeSgd(parameters, 0.01, momentum: 0.9);

    private static TemplateOptions Options(int batch, int epochs, bool quick) => new() { TrainMbSize = batch, TrainEpochs = quick ? 1 : epochs, EvalMbSize = 1000 };

    public static IReadOnlyList<Baseline> All { get; } =
    [
        new("rwalk-til", "SplitMNIST task-IL, RWalk lambda 0.1, alpha 0.9, delta_t 10: multi-head MLP 2x256 (heads created per task), Adam 1e-3 rebuilt per new head, batch 64, 10 epochs", 0.99,
            () => SplitMnist.Create(5, returnTaskId: true, fixedClassOrder: Digits), quick =>
        {
            var model = new MultiHeadMlp();
            return new RWalk(model, Adam(model.parameters()), nn.CrossEntropyLoss(), ewcLambda: 0.1, ewcAlpha: 0.9, deltaT: 10,
                Options(64, 10, quick) with { OptimizerFactory = Adam });
        }),
        new("from-scratch-cil", "SplitMNIST class-IL, FromScratchTraining: SimpleMLP 1x512, SGD 0.01 momentum 0.9 (fresh per experience), batch 128, 2 epochs", null,
            () => SplitMnist.Create(5, returnTaskId: false, fixedClassOrder: Digits), quick =>
        {
            var model = new Mlp(10, hiddenSize: 512, hiddenLayers: 1);
            return new FromScratchTraining(model, GuideSgd(model.parameters()), nn.CrossEntropyLoss(), options: Options(128, 2, quick) with { OptimizerFactory = GuideSgd });
        }),
    ];
}
