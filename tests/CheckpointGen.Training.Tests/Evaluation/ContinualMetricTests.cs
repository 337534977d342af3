using CheckpointGen.Training.Evaluation;
using CheckpointGen.Training.Evaluation.Metrics;
using static CheckpointGen.Training.Tests.Evaluation.MetricAssert;

namespace CheckpointGen.Training.Tests.Evaluation;

/// <summary>Metrics that depend on earlier experiences, on the scripted run (see <see cref="ScriptedRun"/> for the accuracies).</summary>
public sealed class ContinualMetricTests
{
    [Fact]
    public void Experience_forgetting_is_accuracy_just_after_training_minus_accuracy_now()
    {
        var run = new ScriptedRun(new ExperienceForgetting()).RunAll();
        // Exp 0: 1.0 after training on it, then 0.5 and 0.25. Exp 1: 1.0, then 0.75. Exp 2: never re-evaluated.
        Close([0.5, 0.75], run.Values("ExperienceForgetting/eval_phase/test_stream/Task000/Exp000"));
        Assert.Equal([8L, 12], run.Xs("ExperienceForgetting/eval_phase/test_stream/Task000/Exp000"));
        Close([0.25], run.Values("ExperienceForgetting/eval_phase/test_stream/Task000/Exp001"));
        Assert.Empty(run.Values("ExperienceForgetting/eval_phase/test_stream/Task000/Exp002"));
    }

    [Fact]
    public void Stream_forgetting_averages_the_experiences_that_have_forgetting()
    {
        var run = new ScriptedRun(new StreamForgetting()).RunAll();
        Close([0.0, 0.0, 0.5, (0.75 + 0.25) / 2], run.Values("StreamForgetting/eval_phase/test_stream"));
    }

    [Fact]
    public void Backward_transfer_is_minus_forgetting_per_experience_and_per_stream()
    {
        var run = new ScriptedRun(new ExperienceBWT(), new StreamBWT()).RunAll();
        Close([-0.5, -0.75], run.Values("ExperienceBWT/eval_phase/test_stream/Task000/Exp000"));
        Close([-0.25], run.Values("ExperienceBWT/eval_phase/test_stream/Task000/Exp001"));
        Close([0.0, 0.0, -0.5, -0.5], run.Values("StreamBWT/eval_phase/test_stream"));
    }

    [Fact]
    public void Forward_transfer_is_accuracy_before_training_on_an_experience_minus_accuracy_at_initialisation()
    {
        var run = new ScriptedRun(new ExperienceForwardTransfer(), new StreamForwardTransfer()).RunAll();
        // Exp 1: 0.25 after exp 0 vs 0 at init. Exp 2: 0.25 after exp 1 vs 0.5 at init.
        Close([0.25], run.Values("ExperienceForwardTransfer/eval_phase/test_stream/Task000/Exp001"));
        Close([-0.25], run.Values("ExperienceForwardTransfer/eval_phase/test_stream/Task000/Exp002"));
        Assert.Empty(run.Values("ExperienceForwardTransfer/eval_phase/test_stream/Task000/Exp000"));
        Close([0.0, 0.25, 0.0, 0.0], run.Values("StreamForwardTransfer/eval_phase/test_stream"));
    }

    [Fact]
    public void Amca_is_the_running_mean_over_evaluations_of_the_mean_class_accuracy()
    {
        var run = new ScriptedRun(new AverageMeanClassAccuracy()).RunAll();
        // Mean class accuracy over the 6 classes per evaluation: 1.5/6, 2.5/6, 3.5/6, 4/6.
        double[] perEval = [1.5 / 6, 2.5 / 6, 3.5 / 6, 4.0 / 6];
        Close([perEval[0], perEval[..2].Average(), perEval[..3].Average(), perEval.Average()], run.Values("Top1_AMCA_Stream/test_stream/Task000"));
    }

    [Fact]
    public void Stream_confusion_matrix_counts_true_against_predicted_classes()
    {
        var run = new ScriptedRun(new StreamConfusionMatrix()).RunAll();
        var last = run.Evaluator.ResultsOf("ConfusionMatrix_Stream/eval_phase/test_stream")[^1];
        Assert.Equal(MetricValueKind.Matrix, last.Kind);
        // After exp 2: exp 0 predicts [0,1,2,2] for [0,0,1,1]; exp 1 [2,2,3,4] for [2,2,3,3]; exp 2 all right.
        double[,] expected =
        {
            { 1, 1, 0, 0, 0, 0 }, { 0, 0, 2, 0, 0, 0 }, { 0, 0, 2, 0, 0, 0 },
            { 0, 0, 0, 1, 1, 0 }, { 0, 0, 0, 0, 2, 0 }, { 0, 0, 0, 0, 0, 2 },
        };
        Assert.Equal(expected, last.Matrix);
    }

    [Fact]
    public void Normalised_confusion_matrix_rows_sum_to_one()
    {
        var run = new ScriptedRun(new StreamConfusionMatrix(normalize: ConfusionNormalization.True)).RunAll();
        var matrix = run.Evaluator.ResultsOf("ConfusionMatrix_Stream/eval_phase/test_stream")[^1].Matrix!;
        Assert.Equal(0.5, matrix[0, 0], 9);
        Assert.Equal(0.5, matrix[3, 4], 9);
        Assert.Equal(1.0, matrix[1, 2], 9);
    }

    [Fact]
    public void Stream_class_accuracy_gives_each_class_its_own_accuracy()
    {
        var run = new ScriptedRun(new StreamClassAccuracy()).RunAll();
        var last = run.Evaluator.ResultsOf("Top1_ClassAcc_Stream/eval_phase/test_stream/Task000")[^1];
        Assert.Equal(MetricValueKind.PerClass, last.Kind);
        Assert.Equal(new Dictionary<int, double> { [0] = 0.5, [1] = 0, [2] = 1, [3] = 0.5, [4] = 1, [5] = 1 }, last.PerClass!);
        Assert.Contains(("Top1_ClassAcc_Stream/eval_phase/test_stream/Task000/3", 0.5), last.Scalars());
    }
}
