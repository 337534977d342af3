using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Benchmarks.Scenarios;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Templates;

public partial class SupervisedTemplate
{
    // The values of the iteration under way. Checkpoints are taken between iterations, so none of them is saved.
    [CheckpointIgnore] private Experience? _experience;
    [CheckpointIgnore] private DatasetView? _adaptedDataset;
    [CheckpointIgnore] private Tensor? _mbX;
    [CheckpointIgnore] private Tensor? _mbY;
    [CheckpointIgnore] private Tensor? _mbTask;
    [CheckpointIgnore] private IReadOnlyList<int>? _mbPositions;
    [CheckpointIgnore] private Tensor? _mbOutput;
    [CheckpointIgnore] private Tensor? _loss;
    [CheckpointIgnore] private bool _isTraining;
    [CheckpointIgnore] private bool _resumingExperience;
    [CheckpointIgnore] private bool _resumingEpoch;
    [CheckpointIgnore] private bool _stopTraining;

    /// <summary>The experience being trained on or evaluated.</summary>
    public Experience Experience => _experience ?? throw new InvalidOperationException("No experience is under way.");

    /// <summary>
    /// The dataset the current training experience iterates: the experience's own, unless a plugin
    /// replaced it during dataset adaptation (replay adds its buffer, cumulative adds earlier data).
    /// </summary>
    public DatasetView AdaptedDataset
    {
        get => _adaptedDataset ?? Experience.Dataset;
        set => _adaptedDataset = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Inputs of the current minibatch.</summary>
    public Tensor MbX => _mbX ?? throw NoMinibatch();

    /// <summary>Targets of the current minibatch.</summary>
    public Tensor MbY => _mbY ?? throw NoMinibatch();

    /// <summary>Task labels of the current minibatch.</summary>
    public Tensor MbTaskId => _mbTask ?? throw NoMinibatch();

    /// <summary>Positions of the current minibatch's samples in <see cref="AdaptedDataset"/>.</summary>
    public IReadOnlyList<int> MbPositions => _mbPositions ?? throw NoMinibatch();

    /// <summary>The model's output for the current minibatch (after the forward pass).</summary>
    public Tensor MbOutput
    {
        get => _mbOutput ?? throw new InvalidOperationException("No forward pass has run for the current minibatch.");
        set => _mbOutput = value;
    }

    /// <summary>The loss of the current minibatch; regularizers add to it before the backward pass.</summary>
    public Tensor Loss
    {
        get => _loss ?? throw new InvalidOperationException("No loss has been computed for the current minibatch.");
        set => _loss = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>True during <see cref="Train(Experience, IEnumerable{ExperienceStream}?)"/>, false during evaluation.</summary>
    public bool IsTraining => _isTraining;

    /// <summary>True while a restored run re-enters the experience that was under way when the checkpoint was taken.</summary>
    public bool IsResumingExperience => _resumingExperience;

    /// <summary>True while a restored run re-enters the epoch that was under way when the checkpoint was taken.</summary>
    public bool IsResumingEpoch => _resumingEpoch;

    /// <summary>Asks the template to end the current training experience after this iteration (early stopping).</summary>
    public void StopTraining() => _stopTraining = true;

    private static InvalidOperationException NoMinibatch() => new("No minibatch is under way.");

    private void SetMinibatch(Benchmarks.Loading.Minibatch batch)
    {
        _mbX = batch.Inputs;
        _mbY = batch.Targets;
        _mbTask = batch.TaskLabels;
        _mbPositions = batch.Positions;
        _mbOutput = null;
        _loss = null;
    }

    private void ClearMinibatch()
    {
        _mbOutput?.Dispose();
        _loss?.Dispose();
        _mbX = _mbY = _mbTask = _mbOutput = _loss = null;
        _mbPositions = null;
    }

    /// <summary>Runs the model on the current minibatch (with task labels for multi-task models).</summary>
    public Tensor Forward() => Forward(MbX, MbTaskId);

    /// <summary>Runs the model on <paramref name="inputs"/> (with <paramref name="taskLabels"/> for multi-task models).</summary>
    public Tensor Forward(Tensor inputs, Tensor taskLabels) => _model switch
    {
        Models.IMultiTaskModule multiTask => multiTask.Forward(inputs, taskLabels),
        nn.Module<Tensor, Tensor> single => single.call(inputs),
        _ => throw new InvalidOperationException("Unsupported model type."),
    };
}
