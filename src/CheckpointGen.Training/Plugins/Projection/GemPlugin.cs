using CheckpointGen.Randomness;
using CheckpointGen.Training.Plugins.Regularization;
using CheckpointGen.Training.Templates;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Plugins.Projection;

/// <summary>
/// Gradient Episodic Memory (Avalanche's <c>GEMPlugin</c>). After each experience it keeps
/// <c>patternsPerExperience</c> random patterns of it. Before every training iteration it computes the
/// loss gradient on each past experience's memory (rows of G); after the backward pass, when the
/// minibatch gradient g conflicts with any of them (<c>G g &lt; 0</c>), g is replaced by the solution
/// of GEM's quadratic program (<see cref="GemQuadraticProgram"/>, solved exactly). Task labels are
/// used only by the forward pass of multi-task models.
/// </summary>
/// <remarks>Memory patterns are drawn with <see cref="RngManager.Random"/>, which checkpoints with <see cref="RngManager.Default"/>.</remarks>
[Checkpointable]
[CheckpointFormerName("CheckpointGen.Training.Plugins.GemPlugin")]
public sealed partial class GemPlugin : IStrategyPlugin
{
    [CheckpointConfiguration] private readonly int _patternsPerExperience;
    [CheckpointConfiguration] private readonly double _memoryStrength;
    private Dictionary<int, Tensor> _memoryX = new();
    private Dictionary<int, Tensor> _memoryY = new();
    private Dictionary<int, Tensor> _memoryTid = new();
    // Reference gradients of the iteration under way (experiences × parameters); recomputed every iteration.
    [CheckpointIgnore] private Tensor? _referenceGradients;

    /// <summary>Creates the plugin.</summary>
    /// <param name="patternsPerExperience">Patterns kept from each experience.</param>
    /// <param name="memoryStrength">Margin γ of the constraints (favours backward transfer).</param>
    public GemPlugin(int patternsPerExperience, double memoryStrength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(patternsPerExperience, 1);
        _patternsPerExperience = patternsPerExperience;
        _memoryStrength = memoryStrength;
    }

    /// <summary>The memory of each past experience: inputs, targets, task labels (read-only use).</summary>
    public IReadOnlyDictionary<int, Tensor> MemoryInputs => _memoryX;

    /// <summary>Targets of each memory (read-only use).</summary>
    public IReadOnlyDictionary<int, Tensor> MemoryTargets => _memoryY;

    void IStrategyPlugin.BeforeTrainingIteration(SupervisedTemplate strategy)
    {
        _referenceGradients?.Dispose();
        _referenceGradients = null;
        long experiences = strategy.Clock.TrainExpCounter;
        if (experiences == 0) return;
        var rows = new List<Tensor>();
        var model = strategy.Model;
        for (int t = 0; t < experiences; t++)
        {
            if (!_memoryX.ContainsKey(t)) throw new InvalidOperationException($"GEM has no memory of experience {t}; the plugin must see every training experience from the first.");
            using var scope = NewDisposeScope();
            model.train();
            strategy.Optimizer.zero_grad();
            var x = _memoryX[t].to(strategy.Device);
            var y = _memoryY[t].to(strategy.Device);
            var output = strategy.Forward(x, _memoryTid[t].to(strategy.Device));
            strategy.Criterion.call(output, y).backward();
            rows.Add(ParameterMaps.FlatGradients(model).MoveToOuterDisposeScope());
        }
        _referenceGradients = torch.stack(rows).DetachFromDisposeScope();
        foreach (var row in rows) row.Dispose();
    }

    void IStrategyPlugin.AfterBackward(SupervisedTemplate strategy)
    {
        if (_referenceGradients is null) return;
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var g = ParameterMaps.FlatGradients(strategy.Model);
        // An explicit Scalar, kept alive across the native call (an implicit one may be finalized mid-call; see GcSafeSgd).
        using var zero = 0.0.ToScalar();
        bool conflict = torch.mv(_referenceGradients, g).lt(zero).any().item<bool>();
        if (!conflict) return;
        var projected = Project(_referenceGradients, g, _memoryStrength).to(g.device);
        ParameterMaps.SetFlatGradients(strategy.Model, projected);
    }

    /// <summary>GEM's projected gradient for reference gradients <paramref name="G"/> (t × p) and gradient <paramref name="g"/>, as float32.</summary>
    public static Tensor Project(Tensor G, Tensor g, double memoryStrength)
    {
        using var memoriesCpu = G.detach().cpu().to_type(ScalarType.Float64).contiguous();
        using var gradientCpu = g.detach().cpu().to_type(ScalarType.Float64).contiguous();
        int t = (int)memoriesCpu.shape[0], p = (int)memoriesCpu.shape[1];
        var flat = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(memoriesCpu.bytes);
        var memories = new double[t, p];
        for (int i = 0; i < t; i++)
            for (int k = 0; k < p; k++) memories[i, k] = flat[i * p + k];
        var gradient = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(gradientCpu.bytes).ToArray();
        double[] projected = GemQuadraticProgram.Project(memories, gradient, memoryStrength);
        return torch.tensor(projected).to_type(ScalarType.Float32);
    }

    void IStrategyPlugin.AfterTrainingExp(SupervisedTemplate strategy)
    {
        int t = checked((int)strategy.Clock.TrainExpCounter);
        var dataset = strategy.Experience.Dataset;
        var positions = PatternMemory.RandomPositions(dataset.Count, _patternsPerExperience, RngManager.Random);
        var (x, y, tid) = PatternMemory.Gather(dataset, positions);
        foreach (var map in new[] { _memoryX, _memoryY, _memoryTid })
            if (map.Remove(t, out var old)) old.Dispose();
        _memoryX[t] = x;
        _memoryY[t] = y;
        _memoryTid[t] = tid;
    }
}
