namespace CheckpointGen.Training.Evaluation;

/// <summary>
/// Something that reacts to a run being resumed from a checkpoint, after the whole strategy has been
/// restored (the checkpoint plugin calls it): a text logger writes one line saying so.
/// </summary>
public interface IResumeAware
{
    /// <summary>The run was resumed from the checkpoint described by <paramref name="checkpointDescription"/> (e.g. its path and experience).</summary>
    void OnResumed(string checkpointDescription);
}
