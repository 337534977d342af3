using CheckpointGen.Training.Plugins;
using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Evaluation;

/// <summary>The template's events (those of <see cref="IStrategyPlugin"/>), named so that loggers can tell which one they are told about.</summary>
public enum StrategyEvent
{
    /// <summary>Before training.</summary>
    BeforeTraining,
    /// <summary>Before training exp.</summary>
    BeforeTrainingExp,
    /// <summary>Before train dataset adaptation.</summary>
    BeforeTrainDatasetAdaptation,
    /// <summary>After train dataset adaptation.</summary>
    AfterTrainDatasetAdaptation,
    /// <summary>Before training epoch.</summary>
    BeforeTrainingEpoch,
    /// <summary>Before training iteration.</summary>
    BeforeTrainingIteration,
    /// <summary>Before forward.</summary>
    BeforeForward,
    /// <summary>After forward.</summary>
    AfterForward,
    /// <summary>Before backward.</summary>
    BeforeBackward,
    /// <summary>After backward.</summary>
    AfterBackward,
    /// <summary>Before update.</summary>
    BeforeUpdate,
    /// <summary>After update.</summary>
    AfterUpdate,
    /// <summary>After training iteration.</summary>
    AfterTrainingIteration,
    /// <summary>After training epoch.</summary>
    AfterTrainingEpoch,
    /// <summary>After training exp.</summary>
    AfterTrainingExp,
    /// <summary>After training.</summary>
    AfterTraining,
    /// <summary>Before eval.</summary>
    BeforeEval,
    /// <summary>Before eval dataset adaptation.</summary>
    BeforeEvalDatasetAdaptation,
    /// <summary>After eval dataset adaptation.</summary>
    AfterEvalDatasetAdaptation,
    /// <summary>Before eval exp.</summary>
    BeforeEvalExp,
    /// <summary>Before eval iteration.</summary>
    BeforeEvalIteration,
    /// <summary>Before eval forward.</summary>
    BeforeEvalForward,
    /// <summary>After eval forward.</summary>
    AfterEvalForward,
    /// <summary>After eval iteration.</summary>
    AfterEvalIteration,
    /// <summary>After eval exp.</summary>
    AfterEvalExp,
    /// <summary>After eval.</summary>
    AfterEval,
}

/// <summary>Sends a <see cref="StrategyEvent"/> to a plugin.</summary>
public static class StrategyEvents
{
    /// <summary>Calls the <see cref="IStrategyPlugin"/> method of <paramref name="strategyEvent"/> on <paramref name="plugin"/>.</summary>
    public static void Raise(IStrategyPlugin plugin, StrategyEvent strategyEvent, SupervisedTemplate strategy)
    {
        switch (strategyEvent)
        {
            case StrategyEvent.BeforeTraining: plugin.BeforeTraining(strategy); break;
            case StrategyEvent.BeforeTrainingExp: plugin.BeforeTrainingExp(strategy); break;
            case StrategyEvent.BeforeTrainDatasetAdaptation: plugin.BeforeTrainDatasetAdaptation(strategy); break;
            case StrategyEvent.AfterTrainDatasetAdaptation: plugin.AfterTrainDatasetAdaptation(strategy); break;
            case StrategyEvent.BeforeTrainingEpoch: plugin.BeforeTrainingEpoch(strategy); break;
            case StrategyEvent.BeforeTrainingIteration: plugin.BeforeTrainingIteration(strategy); break;
            case StrategyEvent.BeforeForward: plugin.BeforeForward(strategy); break;
            case StrategyEvent.AfterForward: plugin.AfterForward(strategy); break;
            case StrategyEvent.BeforeBackward: plugin.BeforeBackward(strategy); break;
            case StrategyEvent.AfterBackward: plugin.AfterBackward(strategy); break;
            case StrategyEvent.BeforeUpdate: plugin.BeforeUpdate(strategy); break;
            case StrategyEvent.AfterUpdate: plugin.AfterUpdate(strategy); break;
            case StrategyEvent.AfterTrainingIteration: plugin.AfterTrainingIteration(strategy); break;
            case StrategyEvent.AfterTrainingEpoch: plugin.AfterTrainingEpoch(strategy); break;
            case StrategyEvent.AfterTrainingExp: plugin.AfterTrainingExp(strategy); break;
            case StrategyEvent.AfterTraining: plugin.AfterTraining(strategy); break;
            case StrategyEvent.BeforeEval: plugin.BeforeEval(strategy); break;
            case StrategyEvent.BeforeEvalDatasetAdaptation: plugin.BeforeEvalDatasetAdaptation(strategy); break;
            case StrategyEvent.AfterEvalDatasetAdaptation: plugin.AfterEvalDatasetAdaptation(strategy); break;
            case StrategyEvent.BeforeEvalExp: plugin.BeforeEvalExp(strategy); break;
            case StrategyEvent.BeforeEvalIteration: plugin.BeforeEvalIteration(strategy); break;
            case StrategyEvent.BeforeEvalForward: plugin.BeforeEvalForward(strategy); break;
            case StrategyEvent.AfterEvalForward: plugin.AfterEvalForward(strategy); break;
            case StrategyEvent.AfterEvalIteration: plugin.AfterEvalIteration(strategy); break;
            case StrategyEvent.AfterEvalExp: plugin.AfterEvalExp(strategy); break;
            case StrategyEvent.AfterEval: plugin.AfterEval(strategy); break;
            default: throw new ArgumentOutOfRangeException(nameof(strategyEvent), strategyEvent, "Unknown strategy event.");
        }
    }
}
