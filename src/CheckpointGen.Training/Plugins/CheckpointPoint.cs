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

    /// <summary>
    /// After a training experience, when <c>Train</c> returns without evaluating. Consistent only for a
    /// loop whose next step is training the next experience (an online stream): a run resumed from
    /// here continues with that experience and would skip an evaluation the loop makes in between.
    /// </summary>
    TrainingExperience,
}
