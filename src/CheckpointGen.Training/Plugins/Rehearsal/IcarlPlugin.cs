using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Training.Models;
using CheckpointGen.Training.Storage;
using CheckpointGen.Training.Templates;
using CheckpointGen.Training.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Plugins.Rehearsal;

/// <summary>
/// iCaRL's memory and classifier (Avalanche's <c>_ICaRLPlugin</c>): the exemplars of the classes seen so far join
/// each experience's training data; after the experience, the new classes' exemplars are chosen by herding
/// (<see cref="Herding.IcarlRanks"/>), the older classes' are cut to the new share, and the mean of each class's
/// normalized exemplar features becomes its row of the model's <see cref="NcmClassifier"/>.
/// </summary>
/// <remarks>
/// <para>With a fixed memory each class keeps <c>ceil(memorySize / classes seen)</c> exemplars; otherwise
/// <c>memorySize</c> per class. Exemplars are held as indices into the experiences' datasets.</para>
/// <para>As in Avalanche, herding and the class means run the feature extractor once over all of a class's samples
/// (not in evaluation minibatches), and image inputs (4-D) are averaged with their horizontal flip for the class means. Avalanche
/// sizes the means for every class of the benchmark at once; here they cover the classes seen so far (at least
/// <c>totalClasses</c> when given, which reproduces Avalanche's zero rows for classes still to come).</para>
/// </remarks>
[Checkpointable]
public sealed partial class IcarlPlugin : IStrategyPlugin
{
    [CheckpointConfiguration] private readonly int _memorySize;
    [CheckpointConfiguration] private readonly bool _fixedMemory;
    [CheckpointConfiguration] private readonly int _totalClasses;
    private readonly List<int> _observedClasses = [];
    private readonly List<ClassExemplars> _memory = [];

    /// <summary>Creates the plugin.</summary>
    /// <param name="memorySize">Exemplars in all (fixed memory) or per class.</param>
    /// <param name="fixedMemory">Split <paramref name="memorySize"/> over the classes seen.</param>
    /// <param name="totalClasses">Rows the class means have at least (0: the classes seen so far).</param>
    public IcarlPlugin(int memorySize, bool fixedMemory = true, int totalClasses = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(memorySize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(totalClasses);
        _memorySize = memorySize;
        _fixedMemory = fixedMemory;
        _totalClasses = totalClasses;
    }

    /// <summary>The classes trained on so far, in the order they arrived.</summary>
    public IReadOnlyList<int> ObservedClasses => _observedClasses;

    /// <summary>The exemplars, one entry per class in the order the classes arrived.</summary>
    public IReadOnlyList<ClassExemplars> Memory => _memory;

    /// <summary>The exemplars as one dataset (classes in arrival order), or null before the first experience ends.</summary>
    public DatasetView? MemoryDataset =>
        CanonicalConcat.Of(_memory.Select(m => m.Samples.View ?? throw new InvalidOperationException("The exemplars are not resolved.")).ToList(), "icarl-memory");

    /// <summary>Exemplars kept per class with <paramref name="classesSeen"/> classes.</summary>
    public int ExemplarsPerClass(int classesSeen) => _fixedMemory ? (_memorySize + classesSeen - 1) / classesSeen : _memorySize;

    void IStrategyPlugin.AfterTrainDatasetAdaptation(SupervisedTemplate strategy)
    {
        var sources = DatasetSelection.SourcesOf(strategy.AdaptedDataset, strategy.Experience.Dataset).ToList();
        foreach (var exemplars in _memory) exemplars.Samples.Resolve(sources);
        if (MemoryDataset is { } memory)
            strategy.AdaptedDataset = CanonicalConcat.Of([strategy.AdaptedDataset, memory], $"icarl/exp{strategy.Experience.CurrentExperience}")!;
    }

    void IStrategyPlugin.BeforeTrainingExp(SupervisedTemplate strategy)
    {
        // A run resumed inside the experience saved the classes it had already added.
        if (!strategy.IsResumingExperience) _observedClasses.AddRange(strategy.Experience.Classes);
    }

    void IStrategyPlugin.AfterTrainingExp(SupervisedTemplate strategy)
    {
        var model = Model(strategy);
        model.eval();
        try
        {
            int perClass = ExemplarsPerClass(_observedClasses.Count);
            var newClasses = strategy.Experience.Classes;
            int older = _memory.Count;
            foreach (int label in newClasses) _memory.Add(SelectExemplars(strategy, model, label, perClass));
            for (int i = 0; i < older; i++) _memory[i].KeepBest(perClass);
            var means = ClassMeans(strategy, model);
            model.EvalClassifier.SetClassMeans(means, _totalClasses);
            foreach (var mean in means.Values) mean.Dispose();
        }
        finally
        {
            model.train();
        }
    }

    private static TrainEvalModel Model(SupervisedTemplate strategy) => strategy.Model as TrainEvalModel
        ?? throw new InvalidOperationException($"iCaRL needs a TrainEvalModel (feature extractor, trained classifier, nearest-class-mean classifier); the strategy's model is a {strategy.Model.GetType().Name}.");

    private static ClassExemplars SelectExemplars(SupervisedTemplate strategy, TrainEvalModel model, int label, int count)
    {
        var data = strategy.Experience.Dataset;
        var targets = data.Targets.ToArray();
        var positions = Enumerable.Range(0, data.Count).Where(i => targets[i] == label).ToArray();
        using var features = Herding.FeaturesOf(data, positions, model.FeatureExtractor.call, OneBatch(positions.Length), strategy.Device);
        var ranks = Herding.IcarlRanks(features, count);
        var picked = Enumerable.Range(0, positions.Length).Where(i => ranks[i] > 0).ToArray();
        return new ClassExemplars(label, data.Subset(picked.Select(i => positions[i]).ToArray(), "icarl"), picked.Select(i => ranks[i]).ToArray());
    }

    /// <summary>A batch size that takes a class's samples in one forward pass, as Avalanche's iCaRL does (not the evaluation minibatch size).</summary>
    private static int OneBatch(int samples) => Math.Max(1, samples);

    /// <summary>Each class's mean of normalized exemplar features (averaged with the flipped images' for 4-D inputs), normalized.</summary>
    private Dictionary<int, Tensor> ClassMeans(SupervisedTemplate strategy, TrainEvalModel model)
    {
        var means = new Dictionary<int, Tensor>();
        foreach (var exemplars in _memory)
        {
            var view = exemplars.Samples.View;
            if (view is null) continue;
            using var scope = NewDisposeScope();
            var all = Enumerable.Range(0, view.Count).ToArray();
            var m1 = Herding.Normalized(Herding.FeaturesOf(view, all, model.FeatureExtractor.call, OneBatch(all.Length), strategy.Device)).mean([0L]);
            var m2 = m1;
            if (view.GatherInputs([0], modelInputs: true).dim() == 4)
                m2 = Herding.Normalized(Herding.FeaturesOf(view, all, x => model.FeatureExtractor.call(x.flip(3)), OneBatch(all.Length), strategy.Device)).mean([0L]);
            var mean = m1.Plus(m2).DividedBy(2.0);
            means[exemplars.Label] = mean.div(mean.norm()).MoveToOuterDisposeScope();
        }
        return means;
    }
}
