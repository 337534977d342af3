using CheckpointGen.Benchmarks.Scenarios;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Models;

/// <summary>
/// One <see cref="IncrementalClassifier"/> head per task label, created the first time a training
/// experience brings the task (Avalanche's <c>MultiHeadClassifier</c>). The forward pass splits the
/// minibatch by task, runs each part through its head and scatters the results back into one
/// <c>[B, MaxClassLabel]</c> output, padded on the right where a head has fewer units (with the mask value
/// when masking, so that a head's argmax stays among its own classes; with zeros otherwise).
/// </summary>
/// <remarks>
/// <para>Each head masks its own unseen units, so the mask of a task covers only the classes
/// trained under that task (Avalanche keeps the same per-task masks on the parent).</para>
/// <para>A task with no head yet (evaluated before being trained) gets all-zero outputs: unlike
/// Avalanche, evaluation never grows the model.</para>
/// <para>The heads per task and their sizes are part of the checkpoint: restoring into a freshly
/// built classifier creates the missing heads before their weights are read.</para>
/// </remarks>
[Checkpointable]
public sealed partial class MultiHeadClassifier : nn.Module<Tensor, Tensor, Tensor>, IMultiTaskModule, IDynamicModule
{
    private readonly int _inFeatures;
    private readonly int _initialOutFeatures;
    private readonly bool _masking;
    private readonly double _maskValue;
    private int _maxClassLabel;
    private readonly List<int> _taskIds = [];
    private readonly List<IncrementalClassifier> _heads = [];

    // Registered as "classifiers" (keys: task labels; each head registered by AddHead); the heads are saved through _heads.
    [CheckpointIgnore] private readonly ModuleDict<IncrementalClassifier> _classifiers;
    [CheckpointIgnore] private string _structureBeforeRestore = "";

    /// <summary>Creates the classifier with the head of task 0.</summary>
    /// <param name="inFeatures">Input features.</param>
    /// <param name="initialOutFeatures">Outputs of a new head.</param>
    /// <param name="masking">Mask the outputs of classes a head has not been trained on.</param>
    /// <param name="maskValue">The value of masked outputs.</param>
    public MultiHeadClassifier(int inFeatures, int initialOutFeatures = 2, bool masking = true, double maskValue = -1000)
        : base(nameof(MultiHeadClassifier))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inFeatures, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(initialOutFeatures, 1);
        _inFeatures = inFeatures;
        _initialOutFeatures = initialOutFeatures;
        _masking = masking;
        _maskValue = maskValue;
        _maxClassLabel = initialOutFeatures;
        _classifiers = new ModuleDict<IncrementalClassifier>();
        register_module("classifiers", _classifiers);
        // Like Avalanche: the head of task 0 exists from the start, so that the optimizer has parameters.
        AddHead(0);
    }

    /// <summary>Registration is explicit (Avalanche's names), not by field name.</summary>
    protected override void RegisterComponents() { }

    /// <inheritdoc/>
    public event Action? StructureChanged;

    /// <summary>The width of the output: the largest class label seen plus one (at least the initial size).</summary>
    public int MaxClassLabel => _maxClassLabel;

    /// <summary>The task labels that have a head, in creation order.</summary>
    public IReadOnlyList<int> Tasks => _taskIds;

    /// <summary>The head of <paramref name="task"/>, or null.</summary>
    public IncrementalClassifier? HeadOf(int task)
    {
        int i = _taskIds.IndexOf(task);
        return i < 0 ? null : _heads[i];
    }

    /// <inheritdoc/>
    void IDynamicModule.Adapt(Experience experience) => AdaptTo(TaskLabelsOf(experience), experience.Classes);

    /// <summary>
    /// Creates heads for new tasks among <paramref name="tasks"/> and adapts each of their heads to
    /// <paramref name="classes"/>. Returns true when parameters were added.
    /// </summary>
    public bool AdaptTo(IReadOnlyCollection<int> tasks, IReadOnlyList<int> classes)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(classes);
        if (classes.Count > 0) _maxClassLabel = Math.Max(_maxClassLabel, classes.Max() + 1);
        bool changed = false;
        foreach (int task in tasks.Distinct().Order())
        {
            var head = HeadOf(task);
            if (head is null)
            {
                head = AddHead(task);
                changed = true;
            }
            head.train(training);
            changed |= head.AdaptTo(classes);
        }
        if (changed) StructureChanged?.Invoke();
        return changed;
    }

    /// <summary>Runs each sample through the head of its task.</summary>
    public Tensor Forward(Tensor inputs, Tensor taskLabels) => call(inputs, taskLabels);

    /// <inheritdoc/>
    public override Tensor forward(Tensor inputs, Tensor taskLabels)
    {
        if (taskLabels.shape.Length != 1 || taskLabels.shape[0] != inputs.shape[0])
            throw new ArgumentException($"Expected one task label per sample ({inputs.shape[0]}), got shape [{string.Join(", ", taskLabels.shape)}].", nameof(taskLabels));
        long[] tasks;
        var (unique, inverse, counts) = taskLabels.unique();
        using (unique) using (inverse) using (counts) using (var onCpu = unique.cpu().to_type(ScalarType.Int64)) tasks = onCpu.data<long>().ToArray();
        if (tasks.Length == 1) return ForwardSingleTask(inputs, (int)tasks[0]);

        var output = zeros(inputs.shape[0], _maxClassLabel, dtype: inputs.dtype, device: inputs.device);
        foreach (long task in tasks)
        {
            using var scope = NewDisposeScope();
            using var taskScalar = task.ToScalar();
            var rows = (taskLabels == taskScalar).nonzero().squeeze(1);
            var part = ForwardSingleTask(inputs.index_select(0, rows), (int)task);
            var updated = output.index_copy(0, rows, part);
            output.Dispose();
            output = updated.MoveToOuterDisposeScope();
        }
        return output;
    }

    /// <summary>
    /// The output of the head of <paramref name="task"/>, padded to <see cref="MaxClassLabel"/> columns: with the
    /// mask value when masking (the padded classes are ones this head was never trained on, so an argmax must
    /// not pick them: zeros would win whenever the head's own logits are all negative), else with zeros.
    /// </summary>
    private Tensor ForwardSingleTask(Tensor inputs, int task)
    {
        var head = HeadOf(task);
        if (head is null) return zeros(inputs.shape[0], _maxClassLabel, dtype: inputs.dtype, device: inputs.device);
        var output = head.call(inputs);
        long missing = _maxClassLabel - output.shape[1];
        if (missing <= 0) return output;
        using (output) return nn.functional.pad(output, [0, missing], value: _masking ? _maskValue : 0);
    }

    private IncrementalClassifier AddHead(int task)
    {
        var head = new IncrementalClassifier(_inFeatures, _initialOutFeatures, _masking, _maskValue, autoAdapt: false);
        if (_classifiers.parameters().FirstOrDefault() is { } existing) head.to(existing.device);
        head.train(training);
        _taskIds.Add(task);
        _heads.Add(head);
        _classifiers.Add(Key(task), head);
        // With TorchSharp 0.107, ModuleDict.Add on a dict that is already registered (here: since the constructor,
        // while empty) does not make the item a submodule: without this the head stays outside parameters(),
        // train()/eval() and so the optimizer (its weights kept their random initial values).
        _classifiers.register_module(Key(task), head);
        return head;
    }

    private static string Key(int task) => task.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static IReadOnlyCollection<int> TaskLabelsOf(Experience experience)
    {
        var dataset = experience.Dataset;
        var tasks = new HashSet<int> { experience.TaskLabel };
        foreach (var part in dataset.Parts) tasks.Add(part.TaskLabel);
        return tasks;
    }

    /// <summary>The saved task list is known: create the heads it names (their sizes follow when each head restores itself).</summary>
    partial void OnCheckpointStructureRestored()
    {
        _structureBeforeRestore = string.Join(",", _heads.Select(h => h.OutFeatures));
        var savedTasks = _taskIds.ToList();
        int existing = _heads.Count;
        bool consistent = savedTasks.Count >= existing;
        for (int i = 0; consistent && i < existing; i++)
            consistent = _classifiers.TryGetValue(Key(savedTasks[i]), out var head) && ReferenceEquals(head, _heads[i]);
        if (!consistent)
            throw new CheckpointMismatchException(
                $"The multi-head classifier was saved with heads for tasks [{string.Join(", ", savedTasks)}], which do not extend the {existing} head(s) of the model being restored. Restore into a model built the same way.");
        _taskIds.RemoveRange(existing, _taskIds.Count - existing);
        using (TorchRngGuard.Capture())
            foreach (int task in savedTasks.Skip(existing)) AddHead(task);
    }

    partial void OnCheckpointRestored()
    {
        string after = string.Join(",", _heads.Select(h => h.OutFeatures));
        if (after != _structureBeforeRestore) StructureChanged?.Invoke();
        _structureBeforeRestore = "";
    }
}
