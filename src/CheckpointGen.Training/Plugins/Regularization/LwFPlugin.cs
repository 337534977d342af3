using CheckpointGen.Training.Models;
using CheckpointGen.Training.Templates;
using CheckpointGen.Training.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Plugins.Regularization;

/// <summary>
/// Learning without Forgetting (Avalanche's <c>LwFPlugin</c> / <c>LearningWithoutForgetting</c>). After
/// each experience it keeps a frozen copy of the model and the classes seen so far per task; while
/// training later experiences it adds <c>α · KL(softmax(prev/T) ‖ log_softmax(cur/T))</c> (batch mean)
/// on the output units of the previously seen classes. Multi-task models are distilled head by head
/// for every task seen before.
/// </summary>
/// <remarks>
/// The previous model is a <see cref="ModelSnapshot"/> (tensors) evaluated by swapping its values into
/// the live model, so its outputs are computed before the minibatch's forward pass (the swap must not
/// touch parameters a pending autograd graph holds). As in Avalanche, the copy keeps the training flag
/// the model had when it was taken (usually training: dropout stays active in the teacher).
/// </remarks>
[Checkpointable]
[CheckpointFormerName("CheckpointGen.Training.Plugins.LwFPlugin")]
public sealed partial class LwFPlugin : IStrategyPlugin
{
    [CheckpointConfiguration] private readonly double[] _alpha;
    [CheckpointConfiguration] private readonly bool _alphaPerExperience;
    [CheckpointConfiguration] private readonly double _temperature;
    private int _expCount;
    private ModelSnapshot? _previousModel;
    // Task label → classes (model output units) seen in that task so far, ascending.
    private SortedDictionary<int, List<int>> _previousClassesByTask = new();
    // The teacher's outputs for the minibatch under way, by task (computed before the forward pass).
    [CheckpointIgnore] private Dictionary<int, Tensor>? _teacherOutputs;

    /// <summary>Creates the plugin with one α for every experience.</summary>
    public LwFPlugin(double alpha = 1, double temperature = 2) : this([alpha], false, temperature)
    {
    }

    /// <summary>Creates the plugin with one α per experience (<paramref name="alphaPerExperience"/>[i] while training experience i).</summary>
    public LwFPlugin(IReadOnlyList<double> alphaPerExperience, double temperature = 2) : this([.. alphaPerExperience], true, temperature)
    {
    }

    private LwFPlugin(double[] alpha, bool perExperience, double temperature)
    {
        if (alpha.Length == 0) throw new ArgumentException("LwF needs at least one alpha.", nameof(alpha));
        if (!(temperature > 0)) throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "LwF's temperature must be positive.");
        _alpha = alpha;
        _alphaPerExperience = perExperience;
        _temperature = temperature;
    }

    /// <summary>The frozen previous model, or null before the first experience ends.</summary>
    public ModelSnapshot? PreviousModel => _previousModel;

    /// <summary>Classes seen per task (the units distilled).</summary>
    public IReadOnlyDictionary<int, List<int>> PreviousClassesByTask => _previousClassesByTask;

    void IStrategyPlugin.BeforeForward(SupervisedTemplate strategy)
    {
        _teacherOutputs = null;
        if (_previousModel is null) return;
        var model = strategy.Model;
        var x = strategy.MbX;
        _teacherOutputs = new Dictionary<int, Tensor>();
        if (model is IMultiTaskModule multiTask)
        {
            foreach (int task in _previousClassesByTask.Keys)
                _teacherOutputs[task] = _previousModel.Run(model, () => multiTask.Forward(x, TaskColumn(x, task)));
        }
        else
        {
            _teacherOutputs[0] = _previousModel.Run(model, () => ((nn.Module<Tensor, Tensor>)model).call(x));
        }
    }

    void IStrategyPlugin.BeforeBackward(SupervisedTemplate strategy)
    {
        if (_previousModel is null || _teacherOutputs is null) return;
        double alpha = PerExperienceValue.At(_alpha, _alphaPerExperience, _expCount, "LwF's alpha");
        Tensor? distillation = null;
        foreach (var (task, previous) in _teacherOutputs)
        {
            if (!_previousClassesByTask.TryGetValue(task, out var units)) continue;
            var current = strategy.Model is IMultiTaskModule multiTask
                ? multiTask.Forward(strategy.MbX, TaskColumn(strategy.MbX, task))
                : strategy.MbOutput;
            var term = DistillationLoss(current, previous, units, _temperature);
            distillation = distillation is null ? term : distillation.Plus(term);
        }
        _teacherOutputs = null;
        if (distillation is not null) strategy.Loss = strategy.Loss.Plus(distillation.Times(alpha));
    }

    /// <summary>
    /// <c>kl_div(log_softmax(out[:, units]/T), softmax(prev[:, units]/T), "batchmean")</c>: the KL divergence
    /// of the current from the previous output distribution over <paramref name="units"/>, summed over
    /// the units and averaged over the batch.
    /// </summary>
    public static Tensor DistillationLoss(Tensor output, Tensor previousOutput, IReadOnlyList<int> units, double temperature)
    {
        using var index = torch.tensor(units.Select(u => (long)u).ToArray(), device: output.device);
        var logP = nn.functional.log_softmax(output.index_select(1, index).DividedBy(temperature), 1);
        var q = torch.softmax(previousOutput.index_select(1, index).DividedBy(temperature), 1);
        var pointwise = torch.where(q > HeldScalars.Zero, q * (q.log() - logP), torch.zeros_like(q));
        return pointwise.sum().DividedBy(output.shape[0]);
    }

    void IStrategyPlugin.AfterTrainingExp(SupervisedTemplate strategy)
    {
        _expCount++;
        _previousModel?.Release();
        _previousModel = ModelSnapshot.Of(strategy.Model);
        var dataset = strategy.Experience.Dataset;
        var targets = dataset.Targets;
        for (int i = 0; i < dataset.Count; i++)
        {
            int task = dataset.TaskLabelAt(i);
            if (!_previousClassesByTask.TryGetValue(task, out var classes)) _previousClassesByTask[task] = classes = [];
            int label = targets[i];
            int at = classes.BinarySearch(label);
            if (at < 0) classes.Insert(~at, label);
        }
    }

    private static Tensor TaskColumn(Tensor x, int task)
    {
        using var value = task.ToScalar();
        return torch.full(x.shape[0], value, ScalarType.Int64, x.device);
    }
}
