namespace CheckpointGen;

/// <summary>
/// Declares that a subclass of one of TorchSharp's managed optimizers (SGD, Adam, …) adds no options and
/// no state to its base class (it only changes how <c>step</c> runs), so checkpoints save and restore it
/// as that base optimizer, and it restores checkpoints its base optimizer saved. Without it, a subclass is refused: it might hold state the checkpoint would lose.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class SameStateAsBaseOptimizerAttribute : Attribute
{
}
