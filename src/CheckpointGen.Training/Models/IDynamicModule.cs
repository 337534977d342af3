using CheckpointGen.Benchmarks.Scenarios;

namespace CheckpointGen.Training.Models;

/// <summary>
/// A module whose structure changes during training (a classifier that adds output units, a
/// multi-head classifier that adds a head per task). The template calls <see cref="Adapt"/> before
/// each training experience; when the structure changes the module raises
/// <see cref="StructureChanged"/>, and the template rebuilds its optimizer over the new parameters.
/// </summary>
/// <remarks>
/// The structure is part of the module's checkpoint: a [Checkpointable] dynamic module saves its
/// structural members (sizes, active units, heads) and rebuilds its layers in
/// the partial hook <c>OnCheckpointStructureRestored()</c> before its parameters are read, so a checkpoint restores
/// into a freshly built model whatever it grew into — and raises <see cref="StructureChanged"/> so
/// that the optimizer follows before its own state is read.
/// </remarks>
public interface IDynamicModule
{
    /// <summary>Adapts the structure to the experience about to be trained.</summary>
    void Adapt(Experience experience);

    /// <summary>Raised after the structure changed (new parameters exist).</summary>
    event Action? StructureChanged;
}
