using CheckpointGen.Benchmarks.Scenarios;
using CheckpointGen.Torch;
using CheckpointGen.Training.Models;
using CheckpointGen.Training.Plugins;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Templates;

/// <summary>
/// Avalanche's supervised training template in C#: trains a model on one experience at a time and
/// evaluates it on streams, firing the whole event set for plugins (<see cref="IStrategyPlugin"/>).
/// Strategies are this template plus their plugin.
/// </summary>
/// <remarks>
/// <para>Everything that changes during training is saved by a checkpoint: the model (whatever it
/// grew into), the optimizer, the clock, the plugins (each restored into the instance at the same
/// position of <see cref="Plugins"/>), the evaluation plugin and the progress inside an experience.
/// Build the strategy with the same code whether or not you resume; restoring into it is the only
/// difference.</para>
/// <para>Members are restored in declaration order: the model before the optimizer, so that a model
/// that grew has rebuilt the optimizer (through <see cref="OptimizerFactory"/>) before the
/// optimizer's state is read.</para>
/// </remarks>
[Checkpointable]
public partial class SupervisedTemplate
{
    private readonly nn.Module _model;
    private optim.Optimizer _optimizer;
    private readonly Clock _clock = new();
    private readonly List<IStrategyPlugin> _plugins;
    private readonly TrainingProgress _progress = new();

    // What defines the run: compared on restore, never overwritten (docs/experiment-identity.md).
    [CheckpointConfiguration] private readonly int _trainMbSize;
    [CheckpointConfiguration(ConfigurationChange.WarnIfIncreased)] private readonly int _trainEpochs;
    [CheckpointConfiguration] private readonly bool _dropLast;
    [CheckpointConfiguration] private readonly int _evalMbSize;
    [CheckpointConfiguration] private readonly int _evalEvery;
    [CheckpointConfiguration] private readonly string[] _optimizerSettings;
    [CheckpointConfiguration(ConfigurationChange.Warn)] private readonly string _deviceName;

    // Configuration and per-iteration values: rebuilt by the constructor or the next iteration, never saved.
    [CheckpointIgnore] private readonly nn.Module<Tensor, Tensor, Tensor> _criterion;
    [CheckpointIgnore] private readonly Device _device;
    [CheckpointIgnore] private readonly Func<IEnumerable<TorchSharp.Modules.Parameter>, optim.Optimizer>? _optimizerFactory;
    [CheckpointIgnore] private long _parameterSignature;
    [CheckpointIgnore] private ITrainingCriterion? _trainingCriterion;

    /// <summary>Creates the template with Avalanche's parameters.</summary>
    /// <param name="model">The model; an <see cref="IMultiTaskModule"/> is called with task labels.</param>
    /// <param name="optimizer">The optimizer over the model's parameters.</param>
    /// <param name="criterion">The loss, e.g. <c>nn.CrossEntropyLoss()</c>.</param>
    /// <param name="trainMbSize">Training minibatch size.</param>
    /// <param name="trainEpochs">Epochs per training experience.</param>
    /// <param name="evalMbSize">Evaluation minibatch size.</param>
    /// <param name="device">Where the model and the minibatches live (default CPU).</param>
    /// <param name="plugins">Strategy plugins, metrics, loggers, the checkpoint plugin (order is the order events reach them).</param>
    /// <param name="evaluator">The evaluation plugin that glues metrics and loggers; it receives every event after the plugins.</param>
    /// <param name="evalEvery">Evaluate the eval streams every this many epochs during training (0: at the end of each experience; -1: never).</param>
    public SupervisedTemplate(
        nn.Module model,
        optim.Optimizer optimizer,
        nn.Module<Tensor, Tensor, Tensor> criterion,
        int trainMbSize = 1,
        int trainEpochs = 1,
        int evalMbSize = 1,
        Device? device = null,
        IEnumerable<IStrategyPlugin>? plugins = null,
        IStrategyPlugin? evaluator = null,
        int evalEvery = -1)
        : this(model, optimizer, criterion, new TemplateOptions
        {
            TrainMbSize = trainMbSize,
            TrainEpochs = trainEpochs,
            EvalMbSize = evalMbSize,
            Device = device,
            Plugins = [.. plugins ?? []],
            Evaluator = evaluator,
            EvalEvery = evalEvery,
        })
    {
    }

    /// <summary>Creates the template from shared <paramref name="options"/> (what strategies call).</summary>
    public SupervisedTemplate(nn.Module model, optim.Optimizer optimizer, nn.Module<Tensor, Tensor, Tensor> criterion, TemplateOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(criterion);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TrainMbSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TrainEpochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.EvalMbSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.EvalEvery, -1);
        if (model is not IMultiTaskModule && model is not nn.Module<Tensor, Tensor>)
            throw new ArgumentException($"The model must be a Module<Tensor, Tensor> or an IMultiTaskModule; {model.GetType().Name} is neither.", nameof(model));
        _device = options.Device ?? CPU;
        _model = model;
        _model.to(_device);
        _optimizer = optimizer;
        _criterion = criterion;
        _trainMbSize = options.TrainMbSize;
        _trainEpochs = options.TrainEpochs;
        _dropLast = options.DropLast;
        _evalMbSize = options.EvalMbSize;
        _evalEvery = options.EvalEvery;
        _optimizerSettings = OptimizerSettings.Describe(optimizer);
        _deviceName = _device.ToString();
        _optimizerFactory = options.OptimizerFactory;
        _plugins = [.. options.Plugins];
        if (options.Evaluator is not null) _plugins.Add(options.Evaluator);
        Evaluator = options.Evaluator;
        _trainingCriterion = FindTrainingCriterion(_plugins);
        _parameterSignature = ParameterSignature(model);
        DynamicModules.OnStructureChanged(model, () => SyncOptimizerWithModel());
    }

    /// <summary>The model.</summary>
    public nn.Module Model => _model;

    /// <summary>The optimizer (replaced when a dynamic model grows).</summary>
    public optim.Optimizer Optimizer => _optimizer;

    /// <summary>Builds optimizers for a grown model, or null.</summary>
    public Func<IEnumerable<TorchSharp.Modules.Parameter>, optim.Optimizer>? OptimizerFactory => _optimizerFactory;

    /// <summary>The training counters.</summary>
    public Clock Clock => _clock;

    /// <summary>Plugins in event order, the evaluator last.</summary>
    public IReadOnlyList<IStrategyPlugin> Plugins => _plugins;

    /// <summary>The evaluation plugin, if any.</summary>
    public IStrategyPlugin? Evaluator { get; }

    /// <summary>The device of the model and the minibatches.</summary>
    public Device Device => _device;

    /// <summary>Training minibatch size.</summary>
    public int TrainMbSize => _trainMbSize;

    /// <summary>Epochs per training experience.</summary>
    public int TrainEpochs => _trainEpochs;

    /// <summary>Whether the last, incomplete training minibatch of each epoch is skipped.</summary>
    public bool DropLast => _dropLast;

    /// <summary>Evaluation minibatch size.</summary>
    public int EvalMbSize => _evalMbSize;

    /// <summary>Periodic evaluation setting (see the constructor).</summary>
    public int EvalEvery => _evalEvery;

    /// <summary>The loss.</summary>
    public nn.Module<Tensor, Tensor, Tensor> Criterion => _criterion;

    /// <summary>Progress inside the experience under way.</summary>
    public TrainingProgress Progress => _progress;

    /// <summary>Adds a plugin after construction (before training starts).</summary>
    public void AddPlugin(IStrategyPlugin plugin)
    {
        ArgumentNullException.ThrowIfNull(plugin);
        var plugins = new List<IStrategyPlugin>(_plugins) { plugin };
        _trainingCriterion = FindTrainingCriterion(plugins);
        _plugins.Insert(Evaluator is null ? _plugins.Count : _plugins.Count - 1, plugin);
    }

    /// <summary>The plugin that computes the training loss, or null for the criterion; more than one is an error.</summary>
    private static ITrainingCriterion? FindTrainingCriterion(IEnumerable<IStrategyPlugin> plugins)
    {
        var found = plugins.OfType<ITrainingCriterion>().ToList();
        if (found.Count > 1)
            throw new ArgumentException($"Only one plugin may compute the training loss; {string.Join(" and ", found.Select(p => p.GetType().Name))} both do.", nameof(plugins));
        return found.Count == 1 ? found[0] : null;
    }

    /// <summary>The first plugin of type <typeparamref name="T"/>, or null.</summary>
    public T? FindPlugin<T>() where T : class, IStrategyPlugin => _plugins.OfType<T>().FirstOrDefault();

    /// <summary>
    /// Makes the optimizer cover the model's current parameters: after a dynamic model grew, a new
    /// optimizer is built with <see cref="OptimizerFactory"/> (its state starts empty, as Avalanche's
    /// reset does for new parameters). Returns true when the optimizer was replaced.
    /// </summary>
    public bool SyncOptimizerWithModel()
    {
        long signature = ParameterSignature(_model);
        if (signature == _parameterSignature) return false;
        if (_optimizerFactory is null)
            throw new InvalidOperationException("The model's parameters changed (a dynamic module grew), but the strategy has no optimizerFactory to rebuild the optimizer with. Pass optimizerFactory to the template.");
        _optimizer = _optimizerFactory(_model.parameters());
        _parameterSignature = signature;
        return true;
    }

    private static long ParameterSignature(nn.Module model)
    {
        var hash = new HashCode();
        foreach (var (name, p) in model.named_parameters())
        {
            hash.Add(name);
            hash.Add(p.Handle);
            foreach (long d in p.shape) hash.Add(d);
        }
        return hash.ToHashCode();
    }

    /// <summary>Sends an event to every plugin, then to the clock (last, as in Avalanche, so that metrics see the counters of the iteration that just ran).</summary>
    private void Fire(Action<IStrategyPlugin, SupervisedTemplate> handler)
    {
        foreach (var plugin in _plugins) handler(plugin, this);
        handler(_clock, this);
    }
}
