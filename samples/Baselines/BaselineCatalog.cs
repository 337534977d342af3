using CheckpointGen.Benchmarks.Classic;
using CheckpointGen.Benchmarks.Scenarios;
using CheckpointGen.Training.Optimizers;
using CheckpointGen.Training.Plugins;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Templates;
using TorchSharp;
using static TorchSharp.torch;

namespace Baselines;

/// <summary>
/// One runnable baseline: its benchmark, its strategy (model, optimizer, settings) and the published figure, if any.
/// With <paramref name="OnlineExperienceSize"/> above 0 the train stream is trained online, cut into mini-experiences of that many samples.
/// </summary>
internal sealed record Baseline(string Name, string Description, double? Published, Func<ContinualBenchmark> Benchmark, Func<bool, SupervisedTemplate> Strategy,
    int OnlineExperienceSize = 0);

/// <summary>
/// The baselines. Settings of the published ones follow ../shared/notes/avalanche.md
/// (continual-learning-baselines, seed 0); the others use settings in the same spirit, not tuned.
/// </summary>
internal static class BaselineCatalog
{
    private static readonly int[] Digits = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

    // As Avalanche's SplitMNIST(return_task_id=True): class labels keep their digit (not remapped from zero in each experience).
    private static NcBenchmark SplitTaskIL() => SplitMnist.Create(5, returnTaskId: true, fixedClassOrder: Digits);
    private static NcBenchmark SplitTaskILFromZero() => SplitMnist.Create(5, returnTaskId: true, fixedClassOrder: Digits, classIdsFromZeroInEachExp: true);
    private static NcBenchmark SplitClassIL() => SplitMnist.Create(5, returnTaskId: false, fixedClassOrder: Digits);

    private static TemplateOptions Options(int batch, int epochs, bool quick) => new() { TrainMbSize = batch, TrainEpochs = quick ? 1 : epochs, EvalMbSize = 1000 };

    // The multi-head model adds a head when a task arrives; the optimizer is then rebuilt with fresh state, as
    // Avalanche's reset_optimizer does every experience (its Adam moments do not carry over to the next task).
    private static TemplateOptions TaskIncrementalOptions(int batch, int epochs, bool quick) =>
        Options(batch, epochs, quick) with { OptimizerFactory = parameters => Adam(parameters) };

    private static optim.Optimizer Adam(IEnumerable<TorchSharp.Modules.Parameter> parameters) => new GcSafeAdam(parameters, 1e-3);

    private static nn.Module<Tensor, Tensor, Tensor> CrossEntropy() => nn.CrossEntropyLoss();

    public static IReadOnlyList<Baseline> All { get; } =
    [
        new("naive-til", "SplitMNIST task-IL, Naive: multi-head MLP 2x256 (heads created per task), Adam 1e-3 rebuilt per new head, batch 64, 10 epochs", 0.97, SplitTaskIL, quick =>
        {
            var model = new MultiHeadMlp();
            return new Naive(model, Adam(model.parameters()), CrossEntropy(), TaskIncrementalOptions(64, 10, quick));
        }),
        // The control for naive-til (docs/baselines.md, "naive-til"): same body, optimizer and data, five 2-unit heads up front, labels 0/1.
        new("naive-til-upfront", "SplitMNIST task-IL, Naive: MLP 2x256 with five 2-unit heads up front, labels 0/1 per experience, Adam 1e-3 state reset per experience, batch 64, 10 epochs", null, SplitTaskILFromZero, quick =>
        {
            var model = new UpFrontHeadsMlp(tasks: 5, classesPerTask: 2);
            var options = Options(64, 10, quick) with { OptimizerFactory = Adam, Plugins = [new ResetOptimizerPlugin()] };
            return new Naive(model, Adam(model.parameters()), CrossEntropy(), options);
        }),
        new("naive-cil", "SplitMNIST class-IL, Naive: MLP 2x256, Adam 1e-3, batch 64, 10 epochs", 0.20, SplitClassIL, quick =>
        {
            var model = new Mlp(10, hiddenSize: 256, hiddenLayers: 2);
            return new Naive(model, new GcSafeAdam(model.parameters(), 1e-3), CrossEntropy(), Options(64, 10, quick));
        }),
        new("si-til", "SplitMNIST task-IL, SynapticIntelligence lambda 1, eps 0.1: multi-head MLP 2x256 (heads created per task), Adam 1e-3 rebuilt per new head, batch 64, 10 epochs", 0.97, SplitTaskIL, quick =>
        {
            var model = new MultiHeadMlp();
            return new SynapticIntelligence(model, Adam(model.parameters()), CrossEntropy(), siLambda: 1, eps: 0.1, TaskIncrementalOptions(64, 10, quick));
        }),
        new("lwf-cil", "SplitMNIST class-IL, LwF alpha [0, 0.5, 1.333, 2.25, 3.2], T 2: MLP 1x200 tanh, SGD 1e-3, batch 128, 21 epochs", 0.23, SplitClassIL, quick =>
        {
            var model = new Mlp(10, hiddenSize: 200, hiddenLayers: 1, dropout: 0, tanh: true);
            return new LwF(model, new GcSafeSgd(model.parameters(), 1e-3), CrossEntropy(), [0, 0.5, 1.333, 2.25, 3.2], temperature: 2, Options(128, 21, quick));
        }),
        new("si-pmnist", "PermutedMNIST 10 experiences, SynapticIntelligence lambda 10, eps 0.1: MLP 1x1000, Adam 1e-3, batch 256, 10 epochs", 0.83, () => PermutedMnist.Create(10, seed: 0), quick =>
        {
            var model = new Mlp(10, hiddenSize: 1000, hiddenLayers: 1, dropout: 0);
            return new SynapticIntelligence(model, new GcSafeAdam(model.parameters(), 1e-3), CrossEntropy(), siLambda: 10, eps: 0.1, Options(256, 10, quick));
        }),
        new("gem-pmnist", "PermutedMNIST 5 experiences, GEM 1000 patterns/exp, memory strength 0.5: MLP 2x100, SGD 0.1, batch 10, 1 epoch", 0.93, () => PermutedMnist.Create(5, seed: 0), quick =>
        {
            var model = new Mlp(10, hiddenSize: 100, hiddenLayers: 2, dropout: 0);
            return new GEM(model, new GcSafeSgd(model.parameters(), 0.1), CrossEntropy(), patternsPerExp: quick ? 100 : 1000, memoryStrength: 0.5, Options(10, 1, quick));
        }),
        new("agem-pmnist", "PermutedMNIST 5 experiences, AGEM 256 patterns/exp, sample 256: MLP 2x100, SGD 0.1, batch 10, 1 epoch", null, () => PermutedMnist.Create(5, seed: 0), quick =>
        {
            var model = new Mlp(10, hiddenSize: 100, hiddenLayers: 2, dropout: 0);
            return new AGEM(model, new GcSafeSgd(model.parameters(), 0.1), CrossEntropy(), patternsPerExp: 256, sampleSize: 256, Options(10, 1, quick));
        }),
        new("ewc-pmnist", "PermutedMNIST 5 experiences, EWC separate lambda 1000: MLP 2x256, SGD 0.01, batch 64, 3 epochs", null, () => PermutedMnist.Create(5, seed: 0), quick =>
        {
            var model = new Mlp(10, hiddenSize: 256, hiddenLayers: 2, dropout: 0);
            return new EWC(model, new GcSafeSgd(model.parameters(), 0.01), CrossEntropy(), ewcLambda: 1000, options: Options(64, 3, quick));
        }),
        new("mas-til", "SplitMNIST task-IL, MAS lambda 1, alpha 0.5: multi-head MLP 2x256 (heads created per task), Adam 1e-3 rebuilt per new head, batch 64, 5 epochs", null, SplitTaskIL, quick =>
        {
            var model = new MultiHeadMlp();
            return new MAS(model, Adam(model.parameters()), CrossEntropy(), lambdaReg: 1, alpha: 0.5, TaskIncrementalOptions(64, 5, quick));
        }),
        new("lfl-pmnist", "PermutedMNIST 5 experiences, LFL lambda_e 1: MLP 2x256, SGD 0.01, batch 64, 3 epochs", null, () => PermutedMnist.Create(5, seed: 0), quick =>
        {
            var model = new Mlp(10, hiddenSize: 256, hiddenLayers: 2, dropout: 0);
            return new LFL(model, new GcSafeSgd(model.parameters(), 0.01), CrossEntropy(), lambdaE: 1, Options(64, 3, quick));
        }),
        // The control for lfl-pmnist: the same model, optimizer and data without LFL.
        new("naive-pmnist", "PermutedMNIST 5 experiences, Naive: MLP 2x256, SGD 0.01, batch 64, 3 epochs", null, () => PermutedMnist.Create(5, seed: 0), quick =>
        {
            var model = new Mlp(10, hiddenSize: 256, hiddenLayers: 2, dropout: 0);
            return new Naive(model, new GcSafeSgd(model.parameters(), 0.01), CrossEntropy(), Options(64, 3, quick));
        }),
        // The checkpointing guide's settings (SimpleMLP 1x512, SGD 0.01 momentum 0.9, batch 128, 2 epochs), class-incremental.
        new("replay-cil", "SplitMNIST class-IL, Replay 500: SimpleMLP 1x512, SGD 0.01 momentum 0.9, batch 128, 2 epochs", null, SplitClassIL, quick =>
        {
            var model = new Mlp(10, hiddenSize: 512, hiddenLayers: 1);
            return new Replay(model, GuideSgd(model), CrossEntropy(), memSize: 500, Options(128, 2, quick));
        }),
        new("gdumb-cil", "SplitMNIST class-IL, GDumb 500: SimpleMLP 1x512, SGD 0.01 momentum 0.9, batch 128, 2 epochs", null, SplitClassIL, quick =>
        {
            var model = new Mlp(10, hiddenSize: 512, hiddenLayers: 1);
            return new GDumb(model, GuideSgd(model), CrossEntropy(), memSize: 500, Options(128, 2, quick));
        }),
        new("cumulative-cil", "SplitMNIST class-IL, Cumulative: SimpleMLP 1x512, SGD 0.01 momentum 0.9, batch 128, 2 epochs", null, SplitClassIL, quick =>
        {
            var model = new Mlp(10, hiddenSize: 512, hiddenLayers: 1);
            return new Cumulative(model, GuideSgd(model), CrossEntropy(), Options(128, 2, quick));
        }),
        new("joint-cil", "SplitMNIST class-IL, JointTraining (upper bound): SimpleMLP 1x512, SGD 0.01 momentum 0.9, batch 128, 2 epochs", null, SplitClassIL, quick =>
        {
            var model = new Mlp(10, hiddenSize: 512, hiddenLayers: 1);
            return new JointTraining(model, GuideSgd(model), CrossEntropy(), Options(128, 2, quick));
        }),
        .. RehearsalBaselines.All,
        .. ScratchAndRWalkBaselines.All,
        .. ExemplarBaselines.All,
        .. GenerativeBaselines.All,
    ];

    // TorchSharp's own SGD/Adam can lose a temporary Scalar to the finalizer in mid-step (see GcSafeSgd).
    private static optim.Optimizer GuideSgd(nn.Module model) => new GcSafeSgd(model.parameters(), 0.01, momentum: 0.9);
}
