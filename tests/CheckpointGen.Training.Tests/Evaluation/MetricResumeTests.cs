using CheckpointGen.Randomness;
using CheckpointGen.Training.Evaluation;
using CheckpointGen.Training.Evaluation.Metrics;

namespace CheckpointGen.Training.Tests.Evaluation;

public sealed class MetricResumeTests
{
    private static PluginMetric[] AllContinualMetrics() =>
    [
        new MinibatchAccuracy(), new EpochAccuracy(), new RunningEpochAccuracy(), new ExperienceAccuracy(), new StreamAccuracy(),
        new EpochLoss(), new ExperienceLoss(), new StreamLoss(),
        new ExperienceForgetting(), new StreamForgetting(), new ExperienceBWT(), new StreamBWT(),
        new ExperienceForwardTransfer(), new StreamForwardTransfer(), new AverageMeanClassAccuracy(),
        new StreamConfusionMatrix(), new StreamClassAccuracy(),
    ];

    [Fact]
    public void A_run_resumed_after_experience_1_has_every_result_of_an_uninterrupted_run()
    {
        RngManager.SetRandomSeeds(7);
        var straight = new ScriptedRun(AllContinualMetrics()).RunAll();

        RngManager.SetRandomSeeds(7);
        var first = new ScriptedRun(AllContinualMetrics());
        first.EvalAtInit();
        first.TrainAndEval(0);
        first.TrainAndEval(1);
        using var checkpoint = new MemoryStream();
        Checkpoint.Save(new RunCheckpoint(first.Strategy), checkpoint);

        RngManager.SetRandomSeeds(99); // a new process: whatever state, the checkpoint brings it back (another seed: accepted on purpose)
        var resumed = new ScriptedRun(AllContinualMetrics());
        checkpoint.Position = 0;
        Checkpoint.Restore(new RunCheckpoint(resumed.Strategy), checkpoint, new CheckpointLoadOptions { AcceptConfigurationChanges = true });
        resumed.TrainAndEval(2);

        // Forgetting of experience 0 needs its accuracy right after training on it, from before the checkpoint.
        Assert.Equal(0.75, resumed.Values("ExperienceForgetting/eval_phase/test_stream/Task000/Exp000")[^1], 9);
        Assert.Equal(straight.Values("Top1_AMCA_Stream/test_stream/Task000"), resumed.Values("Top1_AMCA_Stream/test_stream/Task000"));
        Assert.Equal(Flatten(straight.Evaluator), Flatten(resumed.Evaluator));
    }

    private static List<string> Flatten(EvaluationPlugin evaluator) =>
        evaluator.AllResults.SelectMany(p => p.Value.Select(v => v.Kind == MetricValueKind.Matrix
            ? $"{v.Name}@{v.XPosition}=[{string.Join(",", v.Matrix!.Cast<double>())}]"
            : $"{string.Join(";", v.Scalars().Select(s => $"{s.Name}@{v.XPosition}={s.Value:R}"))}")).ToList();
}
