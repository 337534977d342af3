using CheckpointGen.Benchmarks.Loading;
using CheckpointGen.Training.Models;
using CheckpointGen.Training.Templates;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Plugins.Generative;

/// <summary>
/// Deep generative replay (Shin et al., 2017) as Avalanche's <c>GenerativeReplayPlugin</c> does it. From the second
/// experience, each training minibatch is extended with as many samples of the previous generator (a frozen copy of
/// the generator taken before the experience), labelled by the previous solver (a frozen copy of the model) with its
/// most likely class. In a generator's own strategy (no <c>generatorStrategy</c>: the strategy's model is the
/// generator) the replayed samples get mock labels 0, and the generator learns to reproduce its previous copy's samples.
/// </summary>
/// <remarks>
/// <para>The copies are <see cref="ModelSnapshot"/>s in evaluation mode (Avalanche's <c>deepcopy(...).eval()</c>),
/// run by swapping their values into the live model before the minibatch's forward pass. A run resumed inside an
/// experience keeps the copies its checkpoint holds.</para>
/// <para>The solver's plugin holds the generator's strategy; <see cref="TrainGeneratorAfterExpPlugin"/> trains it after
/// each experience, and its iterations are checkpoint points of the solver's strategy (<see cref="INestedTraining"/>):
/// a run stopped there resumes inside the generator's training.</para>
/// <para>Avalanche's weighted-replay option (a separately weighted loss on the replayed samples) is not provided.</para>
/// </remarks>
[Checkpointable]
public sealed partial class GenerativeReplayPlugin : IStrategyPlugin, IMinibatchMixer, INestedTraining
{
    [CheckpointConfiguration] private readonly int _replaySize;
    [CheckpointConfiguration] private readonly bool _increasingReplaySize;
    private readonly SupervisedTemplate? _generatorStrategy;
    private bool _untrainedSolver;
    private ModelSnapshot? _oldGenerator;
    private ModelSnapshot? _oldModel;
    // The solver's strategy while it trains this plugin's (generator) strategy: where its checkpoint points go.
    [CheckpointIgnore] private SupervisedTemplate? _solverStrategy;

    /// <summary>Creates the plugin.</summary>
    /// <param name="generatorStrategy">The strategy that trains the generator (its model an <see cref="IGenerator"/>, with a plugin of this type); null when the strategy's own model is the generator.</param>
    /// <param name="replaySize">Replayed samples per minibatch; 0: as many as the minibatch has.</param>
    /// <param name="increasingReplaySize">With <paramref name="replaySize"/> 0: the minibatch's size times the experience's index (older experiences weigh more).</param>
    /// <param name="untrainedSolver">Replay only from the second experience (the solver and generator must be trained first).</param>
    public GenerativeReplayPlugin(SupervisedTemplate? generatorStrategy = null, int replaySize = 0, bool increasingReplaySize = false, bool untrainedSolver = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(replaySize);
        if (generatorStrategy is not null)
        {
            if (generatorStrategy.Model is not IGenerator)
                throw new ArgumentException($"The generator's strategy trains a {generatorStrategy.Model.GetType().Name}, which is not an IGenerator (it cannot draw samples).", nameof(generatorStrategy));
            if (generatorStrategy.FindPlugin<GenerativeReplayPlugin>() is null)
                throw new ArgumentException("The generator's strategy needs a GenerativeReplayPlugin of its own (the generator replays its previous copy's samples).", nameof(generatorStrategy));
        }
        _generatorStrategy = generatorStrategy;
        _replaySize = replaySize;
        _increasingReplaySize = increasingReplaySize;
        _untrainedSolver = untrainedSolver;
    }

    /// <summary>The generator's strategy, or null when the strategy's own model is the generator.</summary>
    public SupervisedTemplate? GeneratorStrategy => _generatorStrategy;

    /// <summary>False once an experience has been trained: minibatches get replayed samples.</summary>
    public bool UntrainedSolver => _untrainedSolver;

    /// <summary>The generator's copy replayed from in this experience, or null.</summary>
    public ModelSnapshot? OldGenerator => _oldGenerator;

    /// <summary>The solver's copy that labels the replayed samples in this experience, or null (also in a generator's strategy).</summary>
    public ModelSnapshot? OldModel => _oldModel;

    SupervisedTemplate? INestedTraining.NestedStrategy => _generatorStrategy;

    private nn.Module Generator(SupervisedTemplate strategy) => _generatorStrategy?.Model ?? strategy.Model;

    void IStrategyPlugin.BeforeTraining(SupervisedTemplate strategy)
    {
        if (_generatorStrategy is null && strategy.Model is not IGenerator)
            throw new InvalidOperationException($"Generative replay without a generator strategy replays from the strategy's own model, but {strategy.Model.GetType().Name} is not an IGenerator.");
    }

    void IStrategyPlugin.BeforeTrainingExp(SupervisedTemplate strategy)
    {
        if (_untrainedSolver || strategy.IsResumingExperience) return;
        _oldGenerator?.Release();
        _oldGenerator = ModelSnapshot.Of(Generator(strategy), training: false);
        if (_generatorStrategy is null) return;
        _oldModel?.Release();
        _oldModel = ModelSnapshot.Of(strategy.Model, training: false);
    }

    Minibatch IMinibatchMixer.Mix(SupervisedTemplate strategy, Minibatch batch)
    {
        if (_untrainedSolver) return batch;
        long count = ReplayCount(batch.Count, strategy.Experience.CurrentExperience);
        if (count == 0) return batch;
        var (inputs, labels, tasks) = Replay(strategy, count, batch.TaskLabels);
        using (inputs)
        using (labels)
        using (tasks)
            return Minibatch.Concat(batch, inputs, labels, tasks);
    }

    /// <summary>How many samples a minibatch of <paramref name="batchSize"/> gets in experience <paramref name="experience"/>.</summary>
    public long ReplayCount(int batchSize, int experience) =>
        _replaySize > 0 ? _replaySize : _increasingReplaySize ? (long)batchSize * experience : batchSize;

    /// <summary>
    /// <paramref name="count"/> samples of the previous generator, the previous solver's most likely class for each (0s in a
    /// generator's strategy), and the minibatch's first task label (generative replay is task-free).
    /// </summary>
    public (Tensor Inputs, Tensor Labels, Tensor TaskLabels) Replay(SupervisedTemplate strategy, long count, Tensor batchTaskLabels)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(batchTaskLabels);
        if (_oldGenerator is null) throw new InvalidOperationException("No previous generator to replay from: generative replay starts after the first experience.");
        using var scope = NewDisposeScope();
        var generator = Generator(strategy);
        var inputs = _oldGenerator.Run(generator, () => ((IGenerator)generator).Generate(count)).to(strategy.Device);
        var tasks = batchTaskLabels.narrow(0, 0, 1).expand(count).clone();
        Tensor labels;
        if (_oldModel is null) labels = zeros(count, ScalarType.Int64, strategy.Device);
        else labels = _oldModel.Run(strategy.Model, () => strategy.Forward(inputs, tasks)).argmax(-1);
        return (inputs.DetachFromDisposeScope(), labels.DetachFromDisposeScope(), tasks.DetachFromDisposeScope());
    }

    void IStrategyPlugin.AfterTrainingExp(SupervisedTemplate strategy) => _untrainedSolver = false;

    /// <summary>Trains the generator's strategy on the experience <paramref name="strategy"/> has just trained, its iterations offered as <paramref name="strategy"/>'s checkpoint points.</summary>
    internal void TrainGenerator(SupervisedTemplate strategy)
    {
        if (_generatorStrategy is null) return;
        var inner = _generatorStrategy.FindPlugin<GenerativeReplayPlugin>()!;
        inner._solverStrategy = strategy;
        try
        {
            _generatorStrategy.Train(strategy.Experience);
        }
        finally
        {
            inner._solverStrategy = null;
        }
    }

    void IStrategyPlugin.OnCheckpointPoint(SupervisedTemplate strategy, CheckpointPoint point)
    {
        // Only between two iterations is the whole run consistent: after the generator's last one the solver's strategy
        // would resume by training the generator again.
        if (_solverStrategy is not { } solver || point != CheckpointPoint.TrainingIteration) return;
        foreach (var plugin in solver.Plugins.ToArray()) plugin.OnCheckpointPoint(solver, point);
    }
}
