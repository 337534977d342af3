using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Plugins;

/// <summary>
/// A plugin that trains another template inside one of its strategy's events (generative replay trains its generator
/// after each experience) and offers that training's iterations as checkpoint points of the strategy. Checkpoints are
/// numbered and scheduled by the strategy's iterations plus the nested template's, so saves inside the nested
/// training keep the order of the run and the periodic schedule.
/// </summary>
public interface INestedTraining
{
    /// <summary>The template trained inside the strategy's events, or null.</summary>
    SupervisedTemplate? NestedStrategy { get; }
}
