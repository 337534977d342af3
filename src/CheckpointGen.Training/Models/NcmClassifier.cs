using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Models;

/// <summary>
/// Nearest-class-mean classification (Avalanche's <c>NCMClassifier</c>): the output for class c is minus the
/// Euclidean distance between the L2-normalized input features and the mean of class c. The means are a
/// buffer <c>class_means</c> of shape <c>[classes, features]</c> that grows as classes arrive; a class without
/// a mean has a row of zeros.
/// </summary>
/// <remarks>
/// The buffer's shape is part of the checkpoint: restoring into a freshly built classifier (no means yet)
/// rebuilds the buffer at the saved size before its values are read — what Avalanche's issue #1692 reports
/// failing for iCaRL once its <c>class_means</c> has grown.
/// </remarks>
[Checkpointable]
public sealed partial class NcmClassifier : nn.Module<Tensor, Tensor>
{
    private int _numClasses;
    private int _featureSize;

    // Registered as "class_means": saved by name with the module's state.
    [CheckpointIgnore] private Tensor _classMeans;

    /// <summary>Creates a classifier without class means.</summary>
    public NcmClassifier() : base(nameof(NcmClassifier))
    {
        _classMeans = zeros(0, 0);
        register_buffer("class_means", _classMeans);
    }

    /// <summary>Registration is explicit (Avalanche's name), not by field name.</summary>
    protected override void RegisterComponents() { }

    /// <summary>Rows of <see cref="ClassMeans"/>: the highest class with a mean, plus one.</summary>
    public int NumClasses => _numClasses;

    /// <summary>The means, one row per class (owned by the classifier).</summary>
    public Tensor ClassMeans => _classMeans;

    /// <summary>
    /// Sets the means of the classes in <paramref name="means"/> (class → vector; Avalanche's
    /// <c>replace_class_means_dict</c>), growing the buffer to <c>max(<paramref name="minClasses"/>, max class + 1)</c>
    /// rows; the rows of classes not given keep their values (zeros for classes never given).
    /// </summary>
    public void SetClassMeans(IReadOnlyDictionary<int, Tensor> means, int minClasses = 0)
    {
        ArgumentNullException.ThrowIfNull(means);
        if (means.Count == 0) return;
        int featureSize = (int)means.Values.First().shape[0];
        if (_numClasses > 0 && featureSize != _featureSize)
            throw new ArgumentException($"The class means have {featureSize} features; the classifier's have {_featureSize}.", nameof(means));
        if (means.Keys.Min() < 0) throw new ArgumentException($"Negative class label {means.Keys.Min()}.", nameof(means));
        int rows = Math.Max(Math.Max(minClasses, _numClasses), means.Keys.Max() + 1);
        using var noGrad = no_grad();
        if (rows != _numClasses || featureSize != _featureSize)
        {
            var grown = zeros([rows, featureSize], _classMeans.dtype, _classMeans.device);
            if (_numClasses > 0) grown.narrow(0, 0, _numClasses).copy_(_classMeans);
            Replace(grown, rows, featureSize);
        }
        foreach (var (label, mean) in means) _classMeans[label].copy_(mean);
    }

    /// <summary>Minus the distance of each L2-normalized input row to each class mean: <c>[batch, classes]</c>.</summary>
    public override Tensor forward(Tensor input)
    {
        if (_numClasses == 0)
            throw new InvalidOperationException("The nearest-class-mean classifier has no class means yet: iCaRL computes them at the end of its first training experience.");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var normalized = input.div(input.norm(1, keepdim: true));
        var distances = cdist(_classMeans.to(input.device), normalized);
        return distances.neg().t().contiguous().MoveToOuterDisposeScope();
    }

    private void Replace(Tensor classMeans, int numClasses, int featureSize)
    {
        _classMeans = classMeans;
        _numClasses = numClasses;
        _featureSize = featureSize;
        ConditionallyRegisterBuffer("class_means", _classMeans);
    }

    /// <summary>The saved size is known: rebuild the buffer at that size before its values are read into it.</summary>
    partial void OnCheckpointStructureRestored()
    {
        if (_classMeans.shape[0] == _numClasses && _classMeans.shape[1] == _featureSize) return;
        Replace(zeros([_numClasses, _featureSize], _classMeans.dtype, _classMeans.device), _numClasses, _featureSize);
    }
}
