namespace CheckpointGen;

/// <summary>
/// Creates an empty instance of a [Checkpointable] class so that a checkpoint can be restored into
/// it when the member that should hold it is null. The source generator implements it for every
/// [Checkpointable] class with a parameterless constructor (of any accessibility), so no type is
/// ever created by reflection or by a name read from a file.
/// </summary>
public interface ICheckpointableFactory<TSelf> where TSelf : ICheckpointableFactory<TSelf>
{
    /// <summary>A new instance, as the parameterless constructor makes it.</summary>
    static abstract TSelf CreateForRestore();
}
