using CheckpointGen.Training.Plugins;
using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Evaluation;

// Every event goes to the metrics, then to the loggers with the values the metrics emitted.
public sealed partial class EvaluationPlugin
{
    void IStrategyPlugin.BeforeTraining(SupervisedTemplate strategy) => Dispatch(StrategyEvent.BeforeTraining, strategy);

    void IStrategyPlugin.BeforeTrainingExp(SupervisedTemplate strategy) => Dispatch(StrategyEvent.BeforeTrainingExp, strategy);

    void IStrategyPlugin.BeforeTrainDatasetAdaptation(SupervisedTemplate strategy) => Dispatch(StrategyEvent.BeforeTrainDatasetAdaptation, strategy);

    void IStrategyPlugin.AfterTrainDatasetAdaptation(SupervisedTemplate strategy) => Dispatch(StrategyEvent.AfterTrainDatasetAdaptation, strategy);

    void IStrategyPlugin.BeforeTrainingEpoch(SupervisedTemplate strategy) => Dispatch(StrategyEvent.BeforeTrainingEpoch, strategy);

    void IStrategyPlugin.BeforeTrainingIteration(SupervisedTemplate strategy) => Dispatch(StrategyEvent.BeforeTrainingIteration, strategy);

    void IStrategyPlugin.BeforeForward(SupervisedTemplate strategy) => Dispatch(StrategyEvent.BeforeForward, strategy);

    void IStrategyPlugin.AfterForward(SupervisedTemplate strategy) => Dispatch(StrategyEvent.AfterForward, strategy);

    void IStrategyPlugin.BeforeBackward(SupervisedTemplate strategy) => Dispatch(StrategyEvent.BeforeBackward, strategy);

    void IStrategyPlugin.AfterBackward(SupervisedTemplate strategy) => Dispatch(StrategyEvent.AfterBackward, strategy);

    void IStrategyPlugin.BeforeUpdate(SupervisedTemplate strategy) => Dispatch(StrategyEvent.BeforeUpdate, strategy);

    void IStrategyPlugin.AfterUpdate(SupervisedTemplate strategy) => Dispatch(StrategyEvent.AfterUpdate, strategy);

    void IStrategyPlugin.AfterTrainingIteration(SupervisedTemplate strategy) => Dispatch(StrategyEvent.AfterTrainingIteration, strategy);

    void IStrategyPlugin.AfterTrainingEpoch(SupervisedTemplate strategy) => Dispatch(StrategyEvent.AfterTrainingEpoch, strategy);

    void IStrategyPlugin.AfterTrainingExp(SupervisedTemplate strategy) => Dispatch(StrategyEvent.AfterTrainingExp, strategy);

    void IStrategyPlugin.AfterTraining(SupervisedTemplate strategy) => Dispatch(StrategyEvent.AfterTraining, strategy);

    void IStrategyPlugin.BeforeEval(SupervisedTemplate strategy) => Dispatch(StrategyEvent.BeforeEval, strategy);

    void IStrategyPlugin.BeforeEvalDatasetAdaptation(SupervisedTemplate strategy) => Dispatch(StrategyEvent.BeforeEvalDatasetAdaptation, strategy);

    void IStrategyPlugin.AfterEvalDatasetAdaptation(SupervisedTemplate strategy) => Dispatch(StrategyEvent.AfterEvalDatasetAdaptation, strategy);

    void IStrategyPlugin.BeforeEvalExp(SupervisedTemplate strategy) => Dispatch(StrategyEvent.BeforeEvalExp, strategy);

    void IStrategyPlugin.BeforeEvalIteration(SupervisedTemplate strategy) => Dispatch(StrategyEvent.BeforeEvalIteration, strategy);

    void IStrategyPlugin.BeforeEvalForward(SupervisedTemplate strategy) => Dispatch(StrategyEvent.BeforeEvalForward, strategy);

    void IStrategyPlugin.AfterEvalForward(SupervisedTemplate strategy) => Dispatch(StrategyEvent.AfterEvalForward, strategy);

    void IStrategyPlugin.AfterEvalIteration(SupervisedTemplate strategy) => Dispatch(StrategyEvent.AfterEvalIteration, strategy);

    void IStrategyPlugin.AfterEvalExp(SupervisedTemplate strategy) => Dispatch(StrategyEvent.AfterEvalExp, strategy);

    void IStrategyPlugin.AfterEval(SupervisedTemplate strategy) => Dispatch(StrategyEvent.AfterEval, strategy);
}
