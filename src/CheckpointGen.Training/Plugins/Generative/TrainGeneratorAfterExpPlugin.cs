using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Plugins.Generative;

/// <summary>
/// After each experience of the solver, trains the generator of every <see cref="GenerativeReplayPlugin"/> of the
/// strategy on that experience's data (Avalanche's <c>TrainGeneratorAfterExpPlugin</c>). Place it before them: the
/// generator of the first experience is trained before replay is switched on.
/// </summary>
[Checkpointable]
public sealed partial class TrainGeneratorAfterExpPlugin : IStrategyPlugin
{
    void IStrategyPlugin.AfterTrainingExp(SupervisedTemplate strategy)
    {
        foreach (var plugin in strategy.Plugins.OfType<GenerativeReplayPlugin>().ToArray()) plugin.TrainGenerator(strategy);
    }
}
