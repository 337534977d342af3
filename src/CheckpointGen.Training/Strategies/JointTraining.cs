using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Benchmarks.Scenarios;
using CheckpointGen.Training.Templates;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Strategies;

/// <summary>
/// Joint training (Avalanche's <c>JointTraining</c>): trains once on the concatenation of all the
/// experiences it is given — the offline upper bound. A second call is refused, as in Avalanche.
/// </summary>
[Checkpointable]
public partial class JointTraining : SupervisedTemplate
{
    private bool _trained;

    /// <summary>Creates the strategy.</summary>
    public JointTraining(nn.Module model, optim.Optimizer optimizer, nn.Module<Tensor, Tensor, Tensor> criterion, TemplateOptions? options = null)
        : base(model, optimizer, criterion, options ?? new TemplateOptions())
    {
    }

    /// <summary>True once training has completed.</summary>
    public bool IsTrained => _trained;

    /// <summary>Trains on one experience (as a stream of one).</summary>
    public new void Train(Experience experience, IEnumerable<ExperienceStream>? evalStreams = null) => Train([experience], evalStreams);

    /// <summary>
    /// Trains once on all <paramref name="experiences"/> together: their datasets concatenated in
    /// order, as one experience carrying the union of their classes (each sample keeps its task label).
    /// A run restored from a checkpoint taken during this training resumes it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The strategy has already been trained.</exception>
    public void Train(IEnumerable<Experience> experiences, IEnumerable<ExperienceStream>? evalStreams = null)
    {
        ArgumentNullException.ThrowIfNull(experiences);
        if (_trained) throw new InvalidOperationException("JointTraining can be trained only once (Avalanche's AlreadyTrainedError); build a new strategy to train again.");
        var list = experiences.ToList();
        if (list.Count == 0) throw new ArgumentException("No experiences to train on.", nameof(experiences));
        var joint = new Experience(list[0].StreamName, 0,
            DatasetView.Concat(list.Select(e => e.Dataset), "joint"),
            list[0].TaskLabel,
            list.SelectMany(e => e.Classes).Distinct().Order().ToArray(),
            list.SelectMany(e => e.OriginalClasses).Distinct().Order().ToArray());
        base.Train(joint, evalStreams);
        _trained = true;
    }
}
