using CheckpointGen.Benchmarks.Loading;
using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Plugins;

/// <summary>
/// A plugin that adds samples to every training minibatch (replay draws a minibatch from its
/// buffer beside each minibatch of the experience, as Avalanche's <c>ReplayDataLoader</c> does).
/// The template calls it before <see cref="IStrategyPlugin.BeforeTrainingIteration"/>.
/// </summary>
public interface IMinibatchMixer
{
    /// <summary>The minibatch to train on: <paramref name="batch"/> itself, or a new one the template disposes.</summary>
    Minibatch Mix(SupervisedTemplate strategy, Minibatch batch);
}
