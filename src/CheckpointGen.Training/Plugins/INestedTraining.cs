namespace CheckpointGen.Training.Plugins;

/// <summary>
/// A plugin that trains another template inside one of its strategy's events (generative replay trains its generator
/// after each experience) and offers that training's iterations as checkpoint points of the strategy. Checkpoints are
/// numbered and scheduled by the strategy's iterations plus these, so saves inside the nested training keep the order
/// of the run and the periodic schedule.
/// </summary>
public interface INestedTraining
{
    /// <summary>Training iterations of the nested template since it was built (all experiences).</summary>
    long NestedTrainIterations { get; }
}
