using CheckpointGen.Training.Evaluation.Metrics;
using static CheckpointGen.Training.Tests.Evaluation.MetricAssert;

namespace CheckpointGen.Training.Tests.Evaluation;

public sealed class AccuracyAndLossMetricTests
{
    private static readonly double Right = ScriptedModel.CorrectLoss(ScriptedStreams.Classes);
    private static readonly double Wrong = ScriptedModel.WrongLoss(ScriptedStreams.Classes);

    [Fact]
    public void Experience_accuracy_is_the_share_of_right_samples_of_each_experience_at_each_evaluation()
    {
        var run = new ScriptedRun(new ExperienceAccuracy()).RunAll();
        Close([0.25, 1.0, 0.5, 0.25], run.Values("Top1_Acc_Exp/eval_phase/test_stream/Task000/Exp000"));
        Close([0.0, 0.25, 1.0, 0.75], run.Values("Top1_Acc_Exp/eval_phase/test_stream/Task000/Exp001"));
        Close([0.5, 0.0, 0.25, 1.0], run.Values("Top1_Acc_Exp/eval_phase/test_stream/Task000/Exp002"));
        // x = training iterations so far: 2 experiences' worth of 2 epochs × 2 minibatches = 4 per experience.
        Assert.Equal([0L, 4, 8, 12], run.Xs("Top1_Acc_Exp/eval_phase/test_stream/Task000/Exp000"));
    }

    [Fact]
    public void Stream_accuracy_pools_every_sample_of_the_stream()
    {
        var run = new ScriptedRun(new StreamAccuracy()).RunAll();
        Close([3 / 12.0, 5 / 12.0, 7 / 12.0, 8 / 12.0], run.Values("Top1_Acc_Stream/eval_phase/test_stream/Task000"));
    }

    [Fact]
    public void Minibatch_running_and_epoch_accuracy_follow_the_training_minibatches()
    {
        var run = new ScriptedRun(new MinibatchAccuracy(), new RunningEpochAccuracy(), new EpochAccuracy()).RunAll();
        var minibatch = run.Values("Top1_Acc_MB/train_phase/train_stream/Task000");
        var running = run.Values("Top1_RunningAcc_Epoch/train_phase/train_stream/Task000");
        Assert.Equal(12, minibatch.Length);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (long)i), run.Xs("Top1_Acc_MB/train_phase/train_stream/Task000"));
        for (int epoch = 0; epoch < 6; epoch++)
        {
            // Two samples of four are right: shuffling decides how they split over the two minibatches.
            Assert.Equal(1.0, minibatch[2 * epoch] + minibatch[2 * epoch + 1], 9);
            Assert.Equal(minibatch[2 * epoch], running[2 * epoch], 9);
            Assert.Equal(0.5, running[2 * epoch + 1], 9);
        }
        Close([0.5, 0.5, 0.5, 0.5, 0.5, 0.5], run.Values("Top1_Acc_Epoch/train_phase/train_stream/Task000"));
        Assert.Equal([2L, 4, 6, 8, 10, 12], run.Xs("Top1_Acc_Epoch/train_phase/train_stream/Task000"));
    }

    [Fact]
    public void Losses_are_per_sample_cross_entropy_means_at_every_scope()
    {
        var run = new ScriptedRun(new MinibatchLoss(), new EpochLoss(), new RunningEpochLoss(), new ExperienceLoss(), new StreamLoss()).RunAll();
        // The model computes in float32: agreement to 1e-6.
        const double Float32 = 1e-6;
        double half = (Right + Wrong) / 2;
        Close(Enumerable.Repeat(half, 6).ToArray(), run.Values("Loss_Epoch/train_phase/train_stream/Task000"), Float32);
        Close([half], run.Values("RunningLoss_Epoch/train_phase/train_stream/Task000")[^1..], Float32);
        Assert.All(run.Values("Loss_MB/train_phase/train_stream/Task000"),
            v => Assert.True(new[] { Right, half, Wrong }.Any(expected => Math.Abs(v - expected) <= Float32), $"{v} is the loss of 2, 1 or 0 right samples"));
        // Experience 0 after the last experience: 1 right, 3 wrong; evaluated in minibatches of 3 and 1.
        Close([(Right + 3 * Wrong) / 4, (4 * Right) / 4, (2 * Right + 2 * Wrong) / 4, (Right + 3 * Wrong) / 4],
            run.Values("Loss_Exp/eval_phase/test_stream/Task000/Exp000"), Float32);
        Close([(8 * Right + 4 * Wrong) / 12], run.Values("Loss_Stream/eval_phase/test_stream/Task000")[^1..], Float32);
    }

    [Fact]
    public void Eval_returns_the_last_value_of_every_metric()
    {
        var run = new ScriptedRun(new ExperienceAccuracy(), new StreamAccuracy());
        run.EvalAtInit();
        var results = run.TrainAndEval(0);
        Assert.Equal(5 / 12.0, results["Top1_Acc_Stream/eval_phase/test_stream/Task000"].Value, 9);
        Assert.Equal(1.0, results["Top1_Acc_Exp/eval_phase/test_stream/Task000/Exp000"].Value, 9);
        Assert.Equal(4, results["Top1_Acc_Stream/eval_phase/test_stream/Task000"].XPosition);
        Assert.Equal(4, results.Count);
    }
}
