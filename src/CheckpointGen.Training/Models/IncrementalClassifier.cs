using CheckpointGen.Benchmarks.Scenarios;
using CheckpointGen.Training.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Models;

/// <summary>
/// An output layer that adds units when classes it has not seen arrive (Avalanche's
/// <c>IncrementalClassifier</c>): before each training experience it grows its <see cref="Linear"/>
/// to <c>max(class) + 1</c> outputs, keeping the trained weights of the old units, and marks the
/// experience's classes active. With masking on, the outputs of units never trained are set to
/// <see cref="MaskValue"/> so that they cannot win an argmax.
/// </summary>
/// <remarks>
/// Its structure — the number of outputs — is part of its checkpoint: restoring into a freshly built
/// classifier rebuilds the layer and the active-units buffer at the saved size before their values
/// are read (Avalanche's issue #1692), then raises <see cref="StructureChanged"/> so that the
/// template rebuilds its optimizer before the optimizer's state is read.
/// </remarks>
[Checkpointable]
public sealed partial class IncrementalClassifier : nn.Module<Tensor, Tensor>, IDynamicModule
{
    private readonly int _inFeatures;
    private readonly bool _masking;
    private readonly double _maskValue;
    private readonly bool _autoAdapt;
    private int _outFeatures;

    // Registered as "classifier" and "active_units": saved by name with the module's state.
    [CheckpointIgnore] private Linear _classifier;
    [CheckpointIgnore] private Tensor _activeUnits;
    [CheckpointIgnore] private bool _rebuiltOnRestore;

    /// <summary>Creates the classifier.</summary>
    /// <param name="inFeatures">Input features.</param>
    /// <param name="initialOutFeatures">Outputs before any class has been seen.</param>
    /// <param name="masking">Mask the outputs of classes never trained on.</param>
    /// <param name="maskValue">The value of masked outputs.</param>
    /// <param name="autoAdapt">
    /// Adapt when the template adapts the model. False for heads owned by a
    /// <see cref="MultiHeadClassifier"/>, which adapts only the head of the experience's task.
    /// </param>
    public IncrementalClassifier(int inFeatures, int initialOutFeatures = 2, bool masking = true, double maskValue = -1000, bool autoAdapt = true)
        : base(nameof(IncrementalClassifier))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inFeatures, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(initialOutFeatures, 1);
        _inFeatures = inFeatures;
        _masking = masking;
        _maskValue = maskValue;
        _autoAdapt = autoAdapt;
        _outFeatures = initialOutFeatures;
        _classifier = nn.Linear(inFeatures, initialOutFeatures);
        _activeUnits = zeros(initialOutFeatures, ScalarType.Int8);
        register_module("classifier", _classifier);
        register_buffer("active_units", _activeUnits);
    }

    /// <summary>Registration is explicit (Avalanche's names), not by field name.</summary>
    protected override void RegisterComponents() { }

    /// <inheritdoc/>
    public event Action? StructureChanged;

    /// <summary>Input features.</summary>
    public int InFeatures => _inFeatures;

    /// <summary>Current number of outputs.</summary>
    public int OutFeatures => _outFeatures;

    /// <summary>Whether unseen classes are masked.</summary>
    public bool Masking => _masking;

    /// <summary>The value of masked outputs.</summary>
    public double MaskValue => _maskValue;

    /// <summary>The output layer.</summary>
    public Linear Classifier => _classifier;

    /// <summary>The classes trained on so far (units marked active), ascending.</summary>
    public IReadOnlyList<int> ActiveUnits
    {
        get
        {
            var flags = _activeUnits.cpu().data<sbyte>().ToArray();
            return Enumerable.Range(0, flags.Length).Where(i => flags[i] != 0).ToArray();
        }
    }

    /// <inheritdoc/>
    void IDynamicModule.Adapt(Experience experience)
    {
        if (_autoAdapt) AdaptTo(experience.Classes);
    }

    /// <summary>
    /// Grows the layer to cover <paramref name="classes"/> and, in training mode, marks them active.
    /// Returns true when the layer grew (new parameters).
    /// </summary>
    public bool AdaptTo(IReadOnlyList<int> classes)
    {
        ArgumentNullException.ThrowIfNull(classes);
        if (classes.Count == 0) return false;
        if (classes.Min() < 0) throw new ArgumentException($"Negative class label {classes.Min()}.", nameof(classes));
        int newOut = Math.Max(_outFeatures, classes.Max() + 1);
        bool grew = newOut != _outFeatures;
        if (grew) Grow(newOut);
        if (_masking && training)
        {
            using var noGrad = no_grad();
            using var index = tensor(classes.Select(c => (long)c).ToArray(), device: _activeUnits.device);
            _activeUnits.index_fill_(0, index, HeldScalars.One);
        }
        if (grew) StructureChanged?.Invoke();
        return grew;
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        var output = _classifier.call(input);
        if (!_masking) return output;
        using var inactive = _activeUnits.logical_not();
        using var maskValue = _maskValue.ToScalar();
        using (output) return output.masked_fill(inactive, maskValue);
    }

    /// <summary>Replaces the layer by one with <paramref name="newOut"/> outputs whose first rows are the old ones.</summary>
    private void Grow(int newOut)
    {
        using var noGrad = no_grad();
        var device = _classifier.weight!.device;
        int oldOut = _outFeatures;
        var grown = nn.Linear(_inFeatures, newOut).to(device);
        grown.weight!.narrow(0, 0, oldOut).copy_(_classifier.weight!);
        grown.bias!.narrow(0, 0, oldOut).copy_(_classifier.bias!);
        var units = zeros(newOut, ScalarType.Int8, device: device);
        units.narrow(0, 0, oldOut).copy_(_activeUnits);
        ReplaceLayers(grown, units, newOut);
    }

    // The old layer is not disposed: an optimizer built over it may still be alive until the template replaces it.
    private void ReplaceLayers(Linear classifier, Tensor activeUnits, int outFeatures)
    {
        _classifier = classifier;
        _activeUnits = activeUnits;
        _outFeatures = outFeatures;
        ModuleRegistration.Replace(this, "classifier", _classifier);
        ConditionallyRegisterBuffer("active_units", _activeUnits);
    }

    /// <summary>The saved output count is known: rebuild the layer at that size before the weights are read into it.</summary>
    partial void OnCheckpointStructureRestored()
    {
        int current = (int)_classifier.weight!.shape[0];
        if (current == _outFeatures) return;
        var device = _classifier.weight!.device;
        Linear rebuilt;
        using (TorchRngGuard.Capture()) rebuilt = nn.Linear(_inFeatures, _outFeatures).to(device);
        ReplaceLayers(rebuilt, zeros(_outFeatures, ScalarType.Int8, device: device), _outFeatures);
        _rebuiltOnRestore = true;
    }

    partial void OnCheckpointRestored()
    {
        if (!_rebuiltOnRestore) return;
        _rebuiltOnRestore = false;
        StructureChanged?.Invoke();
    }
}
