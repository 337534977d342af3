using CheckpointGen.Training.Torch;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Plugins.Rehearsal;

/// <summary>
/// BiC's bias correction (Avalanche's <c>BiasLayer</c>): the outputs of the classes it covers become
/// <c>α · output + β</c>, the others pass unchanged. α starts at 1 and β at 0.
/// </summary>
[Checkpointable]
public sealed partial class BiasLayer
{
    private int[] _classes = [];
    private Tensor _alpha = ones(1);
    private Tensor _beta = zeros(1);

    // For restoring.
    private BiasLayer() { }

    /// <summary>A layer correcting the outputs of <paramref name="classes"/>.</summary>
    public BiasLayer(IEnumerable<int> classes) => _classes = [.. classes.Distinct().Order()];

    /// <summary>The corrected output units, ascending.</summary>
    public IReadOnlyList<int> Classes => _classes;

    /// <summary>α (one value; owned by the layer).</summary>
    public Tensor Alpha => _alpha;

    /// <summary>β (one value; owned by the layer).</summary>
    public Tensor Beta => _beta;

    /// <summary><paramref name="output"/> with the covered columns corrected by <paramref name="alpha"/> and <paramref name="beta"/> (differentiable in both).</summary>
    public Tensor Apply(Tensor output, Tensor alpha, Tensor beta)
    {
        using var columns = tensor(_classes.Select(c => (long)c).ToArray(), device: output.device);
        using var selected = output.index_select(1, columns);
        using var scaled = selected.mul(alpha.to(output.device));
        using var corrected = scaled.Plus(beta.to(output.device));
        return output.index_copy(1, columns, corrected);
    }

    /// <summary><paramref name="output"/> corrected by the layer's α and β.</summary>
    public Tensor Forward(Tensor output) => Apply(output, _alpha, _beta);

    /// <summary>Sets α and β (copies).</summary>
    public void Set(Tensor alpha, Tensor beta)
    {
        using var noGrad = no_grad();
        _alpha.copy_(alpha);
        _beta.copy_(beta);
    }
}
