namespace CheckpointGen.Training.Plugins;

/// <summary>
/// Where the template offers a consistent moment to save: every plugin (the clock included) has
/// finished handling the preceding event, and resuming from here continues exactly as the run would.
/// </summary>
public enum CheckpointPoint
{
    /// <summary>Between two training iterations of the same epoch (not after an epoch's last batch).</summary>
    TrainingIteration,

    /// <summary>At the end of an evaluation phase (also a periodic one inside a training experience).</summary>
    Evaluation,
}
