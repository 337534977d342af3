namespace CheckpointGen.Training.Checkpointing;

/// <summary>
/// A plugin that does something when a run resumes from a checkpoint: a text logger writes a line
/// saying from which checkpoint, an interactive logger recreates its progress bars, a CSV logger
/// cuts rows that the resumed run will write again. Called by <see cref="CheckpointPlugin"/> and
/// <see cref="Checkpointing"/> after a successful restore.
/// </summary>
public interface IResumeAware
{
    /// <summary>The run was restored from <paramref name="checkpoint"/> (a description: sequence, file, experience).</summary>
    void OnResumed(string checkpoint);
}
